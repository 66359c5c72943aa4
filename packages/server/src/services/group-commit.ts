import type { Store } from "@maestro/db";
import type { MaestroEvent } from "@maestro/domain";
import type { Context } from "../context";
import type { EventBus } from "../events";
import { runInGroup } from "./unit-of-work";

interface Member {
  work: () => Promise<unknown>;
  serverUrl: string;
  bus: EventBus | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Writes in one group at most. */
export const MAX_GROUP_SIZE = 128;

/** Writes waiting for the next group, by store; a group is scheduled when its first arrives. */
const waiting = new WeakMap<Store, Member[]>();

/**
 * Group commit (SQLite): runs `work` (its writes in `inTransaction`) with every other write that
 * arrives in the same turn of the event loop, in one IMMEDIATE transaction and one durable
 * COMMIT. Each unit of work is a savepoint of it, so one that throws undoes only its own writes.
 * The promise settles, and the events are published, only after the COMMIT; if the COMMIT fails,
 * every write of the group fails and nothing is published.
 *
 * Isolation: the group holds the store's transaction lock from BEGIN to COMMIT, so no other
 * transaction runs meanwhile; the members run one after another, each seeing the writes before it.
 *
 * PostgreSQL shares one WAL flush among concurrent commits by itself, and one write waiting on a
 * row lock must not hold up others: there each write is its own transaction.
 */
export function inWriteGroup<T>(
  store: Store,
  work: () => Promise<T> | T,
  from?: { serverUrl: string; bus?: EventBus },
): Promise<T> {
  if (store.engine !== "sqlite") return Promise.resolve().then(work);
  return new Promise<T>((resolve, reject) => {
    let members = waiting.get(store);
    if (!members) {
      waiting.set(store, (members = []));
      setImmediate(() => void commitGroup(store));
    }
    members.push({
      work: async () => work(),
      serverUrl: from?.serverUrl ?? "",
      bus: from?.bus,
      resolve: resolve as (value: unknown) => void,
      reject,
    });
  });
}

/**
 * A verb as a mutation resolver, answered after its group commits (see inWriteGroup). Only for
 * verbs whose writes all happen in units of work they await.
 */
export function grouped<Args extends { ctx: Context }, Result>(
  verb: (args: Args) => Promise<Result> | Result,
): (args: Args) => Promise<Result> {
  return async (args) =>
    await inWriteGroup(args.ctx.database, () => verb(args), { serverUrl: args.ctx.serverUrl, bus: args.ctx.events });
}

async function commitGroup(store: Store): Promise<void> {
  const queued = waiting.get(store) ?? [];
  const members = queued.splice(0, MAX_GROUP_SIZE);
  if (queued.length === 0) waiting.delete(store);
  else setImmediate(() => void commitGroup(store));
  let results: Array<{ outcome: Outcome; events: MaestroEvent[] }>;
  try {
    results = await store.transaction(async (tx) => {
      const done = [];
      for (const member of members) done.push(await runInGroup(store, tx, member.serverUrl, member.work));
      return done;
    });
  } catch (error) {
    for (const member of members) member.reject(error);
    return;
  }
  members.forEach((member, index) => settle(member, results[index]!));
}

function settle(member: Member, { outcome, events }: { outcome: Outcome; events: MaestroEvent[] }): void {
  try {
    if (events.length > 0) member.bus?.publish(events);
  } catch (error) {
    // A listener's failure is this write's answer, as it was before groups; the others go on.
    member.reject(error);
    return;
  }
  if (outcome.ok) member.resolve(outcome.value);
  else member.reject(outcome.error);
}
