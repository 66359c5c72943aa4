import { type DbClient, type Store, openSqliteStore, sqliteOf } from "@maestro/db";
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { createContextInner } from "../src/context";
import { EventBus } from "../src/events";
import { appRouter } from "../src/routers/app";
import { Dispatcher } from "../src/services/runner/dispatcher";
import { createCallerFactory } from "../src/trpc";

/** A caller over a fresh in-memory database, as the router tests' world. */
export function makeWorld(actor = "test") {
  const database = openSqliteStore({ path: ":memory:" });
  const events = new EventBus();
  const ctx = createContextInner({ database, events, dispatcher: new Dispatcher(events), actor });
  const caller = createCallerFactory(appRouter)(ctx);
  return { database, events, ctx, caller, close: async () => await database.close() };
}

export type World = ReturnType<typeof makeWorld>;

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
 * The SQLite connection under a test's store (the test worlds are SQLite files), for the plain
 * SQL a test reads or plants: synchronous, so it runs between the server's statements as another
 * client of the file would, and it takes the store's transaction lock no more than that client.
 */
export function sqliteDb(store: Store): DbClient {
  return sqliteOf(store.db);
}

/** A snapshot of everything stored, to prove that a refused call wrote nothing. */
export function snapshot(world: World): string {
  const { caller: _caller, database } = world;
  const db = sqliteDb(database);
  return JSON.stringify([
    db.all("SELECT * FROM projects ORDER BY id"),
    db.all("SELECT * FROM tasks ORDER BY id"),
    db.all("SELECT * FROM task_dependencies ORDER BY task_id, depends_on_id"),
    db.all("SELECT * FROM events ORDER BY id"),
  ]);
}
