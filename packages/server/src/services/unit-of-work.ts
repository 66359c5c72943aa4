import { type DbClient, appendEvent, savepoint } from "@maestro/db";
import type { MaestroEvent, NewEvent } from "@maestro/domain";
import type { Context } from "../context";
import { publishAfterCommit } from "./group-commit";
import { enqueueNotifications } from "./webhook/enqueue-notifications";

type NewEventWithoutActor = NewEvent extends infer E ? (E extends NewEvent ? Omit<E, "actor"> : never) : never;

export type RecordEvent = (event: NewEventWithoutActor) => void;

/**
 * Runs `fn` in one transaction in which every change records its event; the events are stored
 * with the change (so their ids are a durable cursor), with any webhook delivery they make (the
 * outbox), and published only after commit. Inside a group (group-commit.ts) it is a savepoint of
 * the group's transaction, and its events wait for the group's COMMIT.
 */
export function inTransaction<T>(ctx: Context, fn: (tx: DbClient, record: RecordEvent) => T): T {
  const events: MaestroEvent[] = [];
  const result = ctx.database.transaction((tx) =>
    fn(tx, (event) => {
      const stored = appendEvent(tx, { ...event, actor: ctx.actor } as NewEvent);
      enqueueNotifications(tx, stored, ctx.serverUrl);
      events.push(stored);
    }),
  );
  publishAfterCommit(ctx.database, ctx.events, events);
  return result;
}

/**
 * Runs `fn` in a savepoint of the caller's transaction: if it throws, its writes are undone and
 * its events never recorded, and the error propagates; the outer transaction carries on.
 */
export function inSavepoint<T>(tx: DbClient, record: RecordEvent, fn: (tx: DbClient, record: RecordEvent) => T): T {
  const pending: Parameters<RecordEvent>[0][] = [];
  const result = savepoint(tx, (inner) => fn(inner, (event) => pending.push(event)));
  for (const event of pending) record(event);
  return result;
}

/** Services receive the context and their parsed input as one object. */
export interface VerbArgs<Input> {
  ctx: Context;
  input: Input;
}
