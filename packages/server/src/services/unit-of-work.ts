import { AsyncLocalStorage } from "node:async_hooks";
import {
  type Db,
  EVENTS_CHANNEL,
  type Store,
  type StoreTransaction,
  appendEvent,
  lockEventLog,
  notify,
} from "@maestro/db";
import type { MaestroEvent, NewEvent } from "@maestro/domain";
import type { Context } from "../context";
import { enqueueNotifications } from "./webhook/enqueue-notifications";

type NewEventWithoutActor = NewEvent extends infer E ? (E extends NewEvent ? Omit<E, "actor"> : never) : never;

/** Records an event of the change being made: stored when its transaction ends, published after COMMIT. */
export type RecordEvent = (event: NewEventWithoutActor) => void;

/**
 * The transaction a piece of work runs in, carried across its awaits: a unit of work started
 * inside another (or inside a write group) becomes a savepoint of it rather than a second
 * transaction (which, on SQLite's one connection, would wait for the first forever).
 */
interface Scope {
  store: Store;
  tx: StoreTransaction;
  /** Events recorded in this transaction and not yet stored, in order. */
  pending: NewEvent[];
}

const scopes = new AsyncLocalStorage<Scope>();

/** The open transaction of `store` this code runs in, if any. */
function openScope(store: Store): Scope | undefined {
  const scope = scopes.getStore();
  return scope && scope.store === store && !scope.tx.isEnded ? scope : undefined;
}

/**
 * Runs `fn` in one transaction in which every change records its event; the events are stored
 * at its end with the change (so their ids are a durable cursor), with any webhook delivery they
 * make (the outbox), and published only after COMMIT. Inside another unit of work or a write
 * group (group-commit.ts) it is a savepoint of that transaction, and its events wait for its COMMIT.
 */
export async function inTransaction<T>(ctx: Context, fn: (tx: Db, record: RecordEvent) => Promise<T> | T): Promise<T> {
  const outer = openScope(ctx.database);
  const recorder =
    (pending: NewEvent[]): RecordEvent =>
    (event) =>
      pending.push({ ...event, actor: ctx.actor } as NewEvent);
  if (outer) {
    const pending: NewEvent[] = [];
    const result = await outer.tx.savepoint((inner) =>
      scopes.run({ ...outer, tx: inner, pending }, async () => fn(inner, recorder(pending))),
    );
    // Kept only now that the savepoint held: its events join the outer transaction's.
    outer.pending.push(...pending);
    return result;
  }
  let stored: MaestroEvent[] = [];
  const result = await ctx.database.transaction(async (tx) => {
    const scope: Scope = { store: ctx.database, tx, pending: [] };
    const value = await scopes.run(scope, async () => fn(tx, recorder(scope.pending)));
    stored = await storeEvents(tx, scope.pending, ctx.serverUrl);
    return value;
  });
  await ctx.events.committed(stored);
  return result;
}

/**
 * A write that records no event, in a transaction: a savepoint of the unit of work (or write
 * group) it runs in, else one of its own. Never a bare statement of `store.db`: on SQLite that
 * could land in another piece of work's open transaction.
 */
export async function inStoreTransaction<T>(store: Store, fn: (tx: Db) => Promise<T>): Promise<T> {
  const outer = openScope(store);
  if (outer) return await outer.tx.savepoint((inner) => scopes.run({ ...outer, tx: inner }, () => fn(inner)));
  return await store.transaction(fn);
}

/**
 * Runs `fn` in a savepoint of the caller's transaction: if it throws, its writes are undone and
 * its events never recorded, and the error propagates; the outer transaction carries on.
 */
export async function inSavepoint<T>(
  tx: Db,
  record: RecordEvent,
  fn: (tx: Db, record: RecordEvent) => Promise<T> | T,
): Promise<T> {
  const scope = scopes.getStore();
  if (!scope || scope.tx !== tx) throw new Error("inSavepoint needs the transaction of the unit of work it runs in");
  const pending: Parameters<RecordEvent>[0][] = [];
  const result = await scope.tx.savepoint((inner) =>
    scopes.run({ ...scope, tx: inner }, async () => fn(inner, (event) => pending.push(event))),
  );
  for (const event of pending) record(event);
  return result;
}

/** Events recorded by the caller's open transaction of `store` and not stored yet (see created-tasks-cap.ts). */
export function pendingEvents(store: Store): readonly NewEvent[] {
  return openScope(store)?.pending ?? [];
}

/**
 * Stores a transaction's events at its end, with their webhook deliveries; on PostgreSQL under
 * the event log's lock, telling every instance after COMMIT (see event-feed.ts).
 */
async function storeEvents(tx: StoreTransaction, pending: NewEvent[], serverUrl: string): Promise<MaestroEvent[]> {
  if (pending.length === 0) return [];
  await lockEventLog(tx);
  const stored: MaestroEvent[] = [];
  for (const event of pending) {
    const saved = await appendEvent(tx, event);
    await enqueueNotifications(tx, saved, serverUrl);
    stored.push(saved);
  }
  await notify(tx, EVENTS_CHANNEL, stored.at(-1)!.id);
  return stored;
}

/**
 * Runs one member of a write group (group-commit.ts) in the group's transaction: its units of
 * work become savepoints of `tx`. Answers its outcome and the events it stored, which the group
 * publishes after its COMMIT (even when the member failed after some of its units of work held).
 */
export async function runInGroup<T>(
  store: Store,
  tx: StoreTransaction,
  serverUrl: string,
  work: () => Promise<T>,
): Promise<{ outcome: { ok: true; value: T } | { ok: false; error: unknown }; events: MaestroEvent[] }> {
  const scope: Scope = { store, tx, pending: [] };
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await scopes.run(scope, work) };
  } catch (error) {
    outcome = { ok: false, error };
  }
  return { outcome, events: await storeEvents(tx, scope.pending, serverUrl) };
}

/** Services receive the context and their parsed input as one object. */
export interface VerbArgs<Input> {
  ctx: Context;
  input: Input;
}
