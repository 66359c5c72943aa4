import type { Database } from "@maestro/db";
import type { MaestroEvent } from "@maestro/domain";
import type { Context } from "../context";
import type { EventBus } from "../events";

interface Member {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** What its units of work recorded, published only once the group has committed. */
  published: Array<{ bus: EventBus; events: MaestroEvent[] }>;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Writes in one group at most: a group holds the event loop from BEGIN to COMMIT. */
export const MAX_GROUP_SIZE = 128;

/** Writes waiting for the next group, by database; a group is scheduled when its first arrives. */
const waiting = new WeakMap<Database, Member[]>();
/** The member running now, inside its group's open transaction (only ever set synchronously). */
let running: { database: Database; member: Member } | undefined;

/**
 * Group commit: runs `work` (synchronous, its writes in `inTransaction`) with every other write
 * that arrives in the same turn of the event loop, in one IMMEDIATE transaction and one durable
 * COMMIT. Each unit of work is a savepoint of it, so one that throws undoes only its own writes.
 * The promise settles, and the events are published, only after the COMMIT; if the COMMIT fails,
 * every write of the group fails and nothing is published.
 *
 * Isolation: a group runs from BEGIN to COMMIT in one synchronous call (no await), so no other
 * request's read runs on the connection while it is open: other clients only ever see committed
 * state. Inside a group a write sees the writes before it, as if they ran one after another.
 */
export function inWriteGroup<T>(database: Database, work: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let members = waiting.get(database);
    if (!members) {
      waiting.set(database, (members = []));
      setImmediate(() => commitGroup(database));
    }
    members.push({ work, resolve: resolve as (value: unknown) => void, reject, published: [] });
  });
}

/**
 * A synchronous verb as a mutation resolver, answered after its group commits (see inWriteGroup).
 * Only for verbs whose writes all happen before they return (an async verb's later transactions
 * would commit on their own, outside the group).
 */
export function grouped<Args extends { ctx: Context }, Result>(
  verb: (args: Args) => Result,
): (args: Args) => Promise<Result> {
  return (args) => inWriteGroup(args.ctx.database, () => verb(args));
}

/** inTransaction's events: kept for after the group's COMMIT inside one, else published now. */
export function publishAfterCommit(database: Database, bus: EventBus, events: MaestroEvent[]): void {
  if (running?.database === database) running.member.published.push({ bus, events });
  else bus.publish(events);
}

function commitGroup(database: Database): void {
  const queued = waiting.get(database) ?? [];
  const members = queued.splice(0, MAX_GROUP_SIZE);
  if (queued.length === 0) waiting.delete(database);
  else setImmediate(() => commitGroup(database));
  let outcomes: Outcome[];
  try {
    outcomes = database.transaction(() => members.map((member) => runMember(database, member)));
  } catch (error) {
    for (const member of members) member.reject(error);
    return;
  }
  members.forEach((member, index) => settle(member, outcomes[index]!));
}

function runMember(database: Database, member: Member): Outcome {
  running = { database, member };
  try {
    return { ok: true, value: member.work() };
  } catch (error) {
    // SQLite may have rolled the whole transaction back (a full disk): nothing is left to commit.
    if (!database.isInTransaction()) throw error;
    return { ok: false, error };
  } finally {
    running = undefined;
  }
}

function settle(member: Member, outcome: Outcome): void {
  try {
    for (const { bus, events } of member.published) bus.publish(events);
  } catch (error) {
    // A listener's failure is this write's answer, as it was before groups; the others go on.
    member.reject(error);
    return;
  }
  if (outcome.ok) member.resolve(outcome.value);
  else member.reject(outcome.error);
}
