import type { Page, Webhook, WebhookDelivery, WebhookEvent } from "@maestro/domain";
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import type { ProjectWebhookRow, WebhookDeliveryRow } from "../schema/webhook";
import { hot } from "../store/db";
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

export interface DeliveryOutcome {
  status: WebhookDelivery["status"];
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
}

export async function recordDeliveryAttempt(
  db: Db,
  id: string,
  outcome: DeliveryOutcome,
  now = new Date(),
): Promise<void> {
  const { webhookDeliveryTable } = db.t;
  await db.orm
    .update(webhookDeliveryTable)
    .set({ ...outcome, updatedAt: now })
    .where(eq(webhookDeliveryTable.id, Number(id)));
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
