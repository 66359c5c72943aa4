import type { MaestroEvent, MaestroEventKind, NewEvent } from "@maestro/domain";
import { and, asc, count, desc, eq, gt, inArray, lt, min, sql } from "drizzle-orm";
import { prepared } from "../prepared";
import { type EventRow, eventTable } from "../schema/event";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

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

export async function appendEvent(handle: Db, event: NewEvent, now = new Date()): Promise<MaestroEvent> {
  const db = sqliteOf(handle);
  const insert = prepared(db, "event.append", () =>
    db
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
      .returning()
      .prepare(),
  );
  return toEvent(insert.get({ ...event, payload: event.payload as Record<string, unknown>, ts: now }));
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

export async function listEvents(handle: Db, filter: EventFilter): Promise<MaestroEvent[]> {
  const db = sqliteOf(handle);
  const conditions = [];
  if (filter.projectId) conditions.push(eq(eventTable.projectId, filter.projectId));
  if (filter.entityId) conditions.push(eq(eventTable.entityId, filter.entityId));
  if (filter.kinds?.length) conditions.push(inArray(eventTable.kind, [...filter.kinds]));
  if (filter.afterId !== undefined) conditions.push(gt(eventTable.id, filter.afterId));
  if (filter.beforeId !== undefined) conditions.push(lt(eventTable.id, filter.beforeId));
  return db
    .select()
    .from(eventTable)
    .where(and(...conditions))
    .orderBy(filter.order === "desc" ? desc(eventTable.id) : asc(eventTable.id))
    .limit(filter.limit)
    .all()
    .map(toEvent);
}

export async function latestEventId(handle: Db): Promise<number> {
  const db = sqliteOf(handle);
  const row = db.select({ id: eventTable.id }).from(eventTable).orderBy(desc(eventTable.id)).limit(1).all();
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
export async function countActorEvents(handle: Db, filter: ActorEventFilter): Promise<number> {
  const db = sqliteOf(handle);
  const first = db
    .select({ id: min(eventTable.id) })
    .from(eventTable)
    .where(eq(eventTable.entityId, filter.sinceEntityId))
    .all();
  const conditions = [
    eq(eventTable.projectId, filter.projectId),
    gt(eventTable.id, (first[0]?.id ?? 1) - 1),
    eq(eventTable.kind, filter.kind),
    eq(eventTable.actor, filter.actor),
  ];
  return (
    db
      .select({ n: count() })
      .from(eventTable)
      .where(and(...conditions))
      .all()[0]?.n ?? 0
  );
}
