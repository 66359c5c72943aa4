import type { MaestroEvent, MaestroEventKind, NewEvent } from "@maestro/domain";
import { and, asc, count, desc, eq, gt, inArray, lt, min, sql } from "drizzle-orm";
import type { EventRow } from "../schema/event";
import { hot } from "../store/db";
import type { Db } from "../store/store";

export function toEvent(row: EventRow): MaestroEvent {
  // Rows are written only by appendEvent from a typed NewEvent, so the shape is known.
  return {
    id: String(row.id),
    projectId: row.projectId,
    entity: row.entity,
    entityId: row.entityId,
    kind: row.kind,
    actor: row.actor,
    payload: row.payload,
    ts: row.ts.toISOString(),
  } as MaestroEvent;
}

export async function appendEvent(db: Db, event: NewEvent, now = new Date()): Promise<MaestroEvent> {
  const { eventTable } = db.t;
  const insert = hot<EventRow>(db, "event.append", () =>
    db.orm
      .insert(eventTable)
      .values({
        projectId: sql.placeholder("projectId"),
        entity: sql.placeholder("entity"),
        entityId: sql.placeholder("entityId"),
        kind: sql.placeholder("kind"),
        actor: sql.placeholder("actor"),
        payload: sql.placeholder("payload"),
        ts: sql.placeholder("ts"),
      })
      .returning(),
  );
  const row = await insert.get({ ...event, payload: event.payload as Record<string, unknown>, ts: now });
  return toEvent(row!);
}

export interface EventFilter {
  projectId?: string;
  entityId?: string;
  /** Only events of these kinds (none or empty: every kind). */
  kinds?: readonly MaestroEventKind[];
  /** Only events with an id greater than this. */
  afterId?: number;
  /** Only events with an id less than this. */
  beforeId?: number;
  limit: number;
  order?: "asc" | "desc";
}

export async function listEvents(db: Db, filter: EventFilter): Promise<MaestroEvent[]> {
  const { eventTable } = db.t;
  const conditions = [];
  if (filter.projectId) conditions.push(eq(eventTable.projectId, filter.projectId));
  if (filter.entityId) conditions.push(eq(eventTable.entityId, filter.entityId));
  if (filter.kinds?.length) conditions.push(inArray(eventTable.kind, [...filter.kinds]));
  if (filter.afterId !== undefined) conditions.push(gt(eventTable.id, filter.afterId));
  if (filter.beforeId !== undefined) conditions.push(lt(eventTable.id, filter.beforeId));
  const rows = await db.orm
    .select()
    .from(eventTable)
    .where(and(...conditions))
    .orderBy(filter.order === "desc" ? desc(eventTable.id) : asc(eventTable.id))
    .limit(filter.limit);
  return rows.map(toEvent);
}

export async function latestEventId(db: Db): Promise<number> {
  const { eventTable } = db.t;
  const row = await db.orm.select({ id: eventTable.id }).from(eventTable).orderBy(desc(eventTable.id)).limit(1);
  return row[0]?.id ?? 0;
}

export interface ActorEventFilter {
  projectId: string;
  kind: string;
  actor: string;
  /** Counted from the first event about this entity on (the acting session's own), or from the start. */
  sinceEntityId: string;
}

/**
 * Events of one kind one actor recorded in a project since an entity's first event. Bounding the
 * scan by id keeps it to the entity's lifetime on the (project, id) index.
 */
export async function countActorEvents(db: Db, filter: ActorEventFilter): Promise<number> {
  const { eventTable } = db.t;
  const first = await db.orm
    .select({ id: min(eventTable.id) })
    .from(eventTable)
    .where(eq(eventTable.entityId, filter.sinceEntityId));
  const conditions = [
    eq(eventTable.projectId, filter.projectId),
    gt(eventTable.id, (first[0]?.id ?? 1) - 1),
    eq(eventTable.kind, filter.kind),
    eq(eventTable.actor, filter.actor),
  ];
  const [row] = await db.orm
    .select({ n: count() })
    .from(eventTable)
    .where(and(...conditions));
  return row?.n ?? 0;
}

/** The channel a PostgreSQL transaction that appended events notifies, with the last id as payload. */
export const EVENTS_CHANNEL = "maestro_events";
/** The advisory lock held from a transaction's first event to its COMMIT (see lockEventLog). */
const EVENT_LOG_LOCK = 0x6d_6576_6e74; // "mevnt"

/**
 * On PostgreSQL, takes the event log's transaction lock before appending: ids are then assigned
 * in commit order across every instance, so a reader of `id > cursor` never skips an event that
 * commits late. Held only for the appends and the COMMIT. On SQLite the one writer already orders them.
 */
export async function lockEventLog(tx: Db): Promise<void> {
  if (tx.engine === "postgres") await tx.run(sql`SELECT pg_advisory_xact_lock(${EVENT_LOG_LOCK})`);
}
