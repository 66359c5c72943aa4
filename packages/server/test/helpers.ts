import { type DbClient, type Store, sqliteOf } from "@maestro/db";
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { createContextInner } from "../src/context";
import { EventBus } from "../src/events";
import { appRouter } from "../src/routers/app";
import { Dispatcher } from "../src/services/runner/dispatcher";
import { createCallerFactory } from "../src/trpc";
import { openTestStore } from "./engine";

/** A caller over a fresh database of the run's engine (engine.ts), as the router tests' world. */
export async function makeWorld(actor = "test") {
  const database = await openTestStore();
  const events = new EventBus();
  const ctx = createContextInner({ database, events, dispatcher: new Dispatcher(events), actor });
  const caller = createCallerFactory(appRouter)(ctx);
  return { database, events, ctx, caller, close: async () => await database.close() };
}

export type World = Awaited<ReturnType<typeof makeWorld>>;

/** Asserts the call fails with a tRPC code (and optionally a message) and returns the error. */
export async function expectTrpcError(
  promise: Promise<unknown>,
  code: TRPCError["code"],
  message?: RegExp,
): Promise<TRPCError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${code}, but the call succeeded`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const trpcError = error as TRPCError;
  expect(trpcError.code).toBe(code);
  if (message) expect(trpcError.message).toMatch(message);
  return trpcError;
}

/**
 * The SQLite connection a test's store reads on (the test worlds are SQLite files): outside a
 * transaction the reader's, which sees committed state only, as another client of the file would;
 * inside one of the store's own transactions the writer's. Synchronous, read-only.
 */
export function sqliteDb(store: Store): DbClient {
  return sqliteOf(store.db);
}

/** A snapshot of everything stored, to prove that a refused call wrote nothing. */
export async function snapshot(world: World): Promise<string> {
  return await storeSnapshot(world.database);
}

/** Projects, tasks, dependencies and events as stored, on either engine. */
export async function storeSnapshot(store: Store): Promise<string> {
  const { orm, t } = store.db;
  return JSON.stringify([
    await orm.select().from(t.projectTable).orderBy(t.projectTable.id),
    await orm.select().from(t.taskTable).orderBy(t.taskTable.id),
    await orm
      .select()
      .from(t.taskDependencyTable)
      .orderBy(t.taskDependencyTable.taskId, t.taskDependencyTable.dependsOnId),
    await orm.select().from(t.eventTable).orderBy(t.eventTable.id),
  ]);
}
