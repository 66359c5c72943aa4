import type { Page, Webhook, WebhookDelivery, WebhookEvent } from "@maestro/domain";
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import type { ProjectWebhookRow, WebhookDeliveryRow } from "../schema/webhook";
import { changedRows, hot } from "../store/db";
import type { Db } from "../store/store";

/** What the sender needs: the secret stays inside the server, never in a domain value the API returns. */
export interface WebhookTarget {
  url: string;
  secret: string | null;
  notify: WebhookEvent[];
}

export interface DueDelivery {
  id: string;
  projectId: string;
  url: string;
  body: string;
  attempts: number;
}

function toWebhook(row: ProjectWebhookRow): Webhook {
  return { url: row.url, notify: row.notify, secretSet: row.secret !== null };
}

export function toWebhookDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: String(row.id),
    projectId: row.projectId,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Read inside every write that records a notifying event: built once. */
async function webhookRow(db: Db, projectId: string): Promise<ProjectWebhookRow | undefined> {
  const { projectWebhookTable } = db.t;
  return await hot<ProjectWebhookRow>(db, "webhook.byProject", () =>
    db.orm
      .select()
      .from(projectWebhookTable)
      .where(eq(projectWebhookTable.projectId, sql.placeholder("projectId"))),
  ).get({ projectId });
}

export async function findWebhook(db: Db, projectId: string): Promise<Webhook | null> {
  const row = await webhookRow(db, projectId);
  return row ? toWebhook(row) : null;
}

export async function findWebhookTarget(db: Db, projectId: string): Promise<WebhookTarget | null> {
  const row = await webhookRow(db, projectId);
  return row ? { url: row.url, secret: row.secret, notify: row.notify } : null;
}

export async function saveWebhook(
  db: Db,
  projectId: string,
  target: WebhookTarget,
  now = new Date(),
): Promise<Webhook> {
  const { projectWebhookTable } = db.t;
  const values = { projectId, ...target, updatedAt: now };
  await db.orm
    .insert(projectWebhookTable)
    .values(values)
    .onConflictDoUpdate({ target: projectWebhookTable.projectId, set: values });
  return toWebhook(values);
}

export async function deleteWebhook(db: Db, projectId: string): Promise<void> {
  const { projectWebhookTable } = db.t;
  await db.orm.delete(projectWebhookTable).where(eq(projectWebhookTable.projectId, projectId));
}

export interface NewDelivery {
  projectId: string;
  event: WebhookEvent;
  url: string;
  body: string;
}

export async function enqueueDelivery(db: Db, delivery: NewDelivery, now = new Date()): Promise<void> {
  const { webhookDeliveryTable } = db.t;
  await db.orm
    .insert(webhookDeliveryTable)
    .values({ ...delivery, status: "queued", nextAttemptAt: now, createdAt: now, updatedAt: now });
}

/**
 * Queued deliveries whose time has come, oldest first, at most `perProject` of each project: a
 * project with a backlog for a dead receiver cannot crowd the others out of the batch.
 */
export async function listDueDeliveries(
  db: Db,
  due: { now: Date; perProject: number; limit: number },
): Promise<DueDelivery[]> {
  return await db.all<DueDelivery>(sql`
    SELECT CAST(id AS TEXT) AS id, project_id AS "projectId", url, body, attempts FROM (
      SELECT *, ROW_NUMBER() OVER (PARTITION BY project_id ORDER BY next_attempt_at, id) AS position
      FROM webhook_deliveries
      WHERE status = 'queued' AND next_attempt_at <= ${due.now}
    ) AS due
    WHERE position <= ${due.perProject}
    ORDER BY next_attempt_at, id
    LIMIT ${due.limit}`);
}

/**
 * Several instances on one database: the sender takes the deliveries it is about to send, so each
 * is sent by one of them. Of `ids` (read as due at `now`), those still queued and due are moved
 * to `until` — the claim: no other instance sees them as due before it — and returned (the others
 * were taken meanwhile, or settled). On PostgreSQL the rows are locked FOR UPDATE SKIP LOCKED
 * first, so a claim never waits for another's and two claims never deadlock; a row another claim
 * committed meanwhile is read again and no longer due. One statement: atomic on both engines.
 * The holder settles the delivery with `recordDeliveryAttempt(…, { claimedUntil: until })`, or
 * gives it back with `releaseDeliveryClaim`; an instance that died holding it leaves it due
 * again at `until`.
 */
export async function claimDueDeliveries(
  db: Db,
  claim: { ids: readonly string[]; now: Date; until: Date },
): Promise<DueDelivery[]> {
  if (!(claim.until.getTime() > claim.now.getTime())) {
    throw new RangeError("until: a claim ends after now");
  }
  const ids = claim.ids.map((id) => {
    const n = Number(id);
    if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`ids: ${JSON.stringify(id)} is not a delivery id`);
    return n;
  });
  if (ids.length === 0) return [];
  const idList = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  const due = sql`status = 'queued' AND next_attempt_at <= ${claim.now}`;
  const which =
    db.engine === "postgres"
      ? sql`id IN (SELECT id FROM webhook_deliveries WHERE id IN (${idList}) AND ${due} FOR UPDATE SKIP LOCKED)`
      : sql`id IN (${idList}) AND ${due}`;
  const rows = await db.all<DueDelivery>(sql`
    UPDATE webhook_deliveries SET next_attempt_at = ${claim.until}
    WHERE ${which}
    RETURNING CAST(id AS TEXT) AS id, project_id AS "projectId", url, body, attempts`);
  // RETURNING has no order: the order of `ids` (oldest first) is kept.
  const order = new Map(ids.map((id, i) => [String(id), i]));
  return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

/**
 * Gives a claimed delivery back unsent (the sender stopped mid-send): due again at `dueAt`, unless
 * its claim is no longer `claimedUntil` (it lapsed and another instance took it). Whether it did.
 */
export async function releaseDeliveryClaim(db: Db, id: string, claimedUntil: Date, dueAt: Date): Promise<boolean> {
  const { webhookDeliveryTable: table } = db.t;
  const result = await db.orm
    .update(table)
    .set({ nextAttemptAt: dueAt })
    .where(and(eq(table.id, Number(id)), eq(table.status, "queued"), eq(table.nextAttemptAt, claimedUntil)));
  return changedRows(result) > 0;
}

export interface DeliveryOutcome {
  status: WebhookDelivery["status"];
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
}

/**
 * Records where an attempt left the delivery. With `claimedUntil` (a claim's `until`), only while
 * that claim still holds: a sender whose claim lapsed and was taken over records nothing (the
 * new holder's attempt counts). Whether it was recorded.
 */
export async function recordDeliveryAttempt(
  db: Db,
  id: string,
  outcome: DeliveryOutcome,
  now = new Date(),
  fence: { claimedUntil?: Date } = {},
): Promise<boolean> {
  const { webhookDeliveryTable: table } = db.t;
  const byId = eq(table.id, Number(id));
  const result = await db.orm
    .update(table)
    .set({ ...outcome, updatedAt: now })
    .where(
      fence.claimedUntil ? and(byId, eq(table.status, "queued"), eq(table.nextAttemptAt, fence.claimedUntil)) : byId,
    );
  return changedRows(result) > 0;
}

/** A project's deliveries newest first; the cursor is `<createdAt ms>:<id>` of the last one seen. */
export async function listWebhookDeliveries(
  db: Db,
  filter: { projectId: string; limit: number; cursor?: string | null },
): Promise<Page<WebhookDelivery>> {
  const { webhookDeliveryTable } = db.t;
  const conditions = [eq(webhookDeliveryTable.projectId, filter.projectId)];
  if (filter.cursor) {
    const [ms, id] = filter.cursor.split(":");
    const at = new Date(Number(ms));
    conditions.push(
      or(
        lt(webhookDeliveryTable.createdAt, at),
        and(eq(webhookDeliveryTable.createdAt, at), lt(webhookDeliveryTable.id, Number(id))),
      )!,
    );
  }
  const rows = await db.orm
    .select()
    .from(webhookDeliveryTable)
    .where(and(...conditions))
    .orderBy(desc(webhookDeliveryTable.createdAt), desc(webhookDeliveryTable.id))
    .limit(filter.limit + 1);
  const items = rows.slice(0, filter.limit).map(toWebhookDelivery);
  const last = rows.length > filter.limit ? rows[filter.limit - 1] : undefined;
  return { items, nextCursor: last ? `${last.createdAt.getTime()}:${last.id}` : null };
}
