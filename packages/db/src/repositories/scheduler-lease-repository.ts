import { sql } from "drizzle-orm";
import type { StoreQueries } from "../store/store";
import { asDate } from "../store/values";

/**
 * One scheduler per project (decision 0011, step 7). An instance takes a project's lease and
 * renews it every few seconds; each scheduling transaction checks, inside itself, that its term
 * (holder and epoch) is still the current one and has not lapsed (`holdsLease`), so an instance
 * paused past its lease changes nothing when it wakes. Written once for both engines; `now` is
 * the caller's clock, the same for every decision of one call.
 */
export interface SchedulerLease {
  projectId: string;
  /** The instance holding (or, once lapsed, last holding) it. */
  holder: string;
  /** The term: one more on every takeover, kept on renewals, never reused for a project. */
  epoch: number;
  /** When it lapses unless renewed. */
  expiresAt: Date;
}

/** A released lease lapsed at this instant: free for anyone, its row (and epoch count) kept. */
const RELEASED_AT = new Date(0);

interface LeaseRow {
  project_id: string;
  holder: string;
  epoch: number;
  expires_at: unknown;
}

function toLease(row: LeaseRow): SchedulerLease {
  return {
    projectId: row.project_id,
    holder: row.holder,
    epoch: Number(row.epoch),
    expiresAt: asDate(row.expires_at) as Date,
  };
}

/**
 * Takes or renews `holder`'s lease on the project until `now + ttlMs`. Renewed (same epoch) when
 * the holder's term is still running; taken as a new term (epoch + 1, or 1 for the first) when the
 * lease is free, released or lapsed, whoever held it. Answers null, changing nothing, while another
 * holder's term runs. One statement, so concurrent calls on PostgreSQL give exactly one holder
 * (its ON CONFLICT waits for the row and re-checks the condition on the committed version).
 */
export async function acquireLease(
  tx: StoreQueries,
  projectId: string,
  holder: string,
  now: Date,
  ttlMs: number,
): Promise<{ epoch: number } | null> {
  checkId("projectId", projectId);
  checkId("holder", holder);
  checkNow(now);
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`ttlMs: a lease lasts a whole number of milliseconds above 0, not ${String(ttlMs)}`);
  }
  // Checked first: a failed foreign key would abort the caller's transaction on PostgreSQL.
  const project = await tx.get(sql`SELECT 1 AS found FROM projects WHERE id = ${projectId}`);
  if (!project) throw new RangeError(`projectId: no project ${JSON.stringify(projectId)}`);
  const expiresAt = new Date(now.getTime() + ttlMs);
  if (Number.isNaN(expiresAt.getTime())) throw new RangeError(`ttlMs: ${ttlMs} ms from now is past any date`);
  const row = await tx.get<{ epoch: number }>(sql`INSERT INTO scheduler_leases (project_id, holder, epoch, expires_at)
    VALUES (${projectId}, ${holder}, 1, ${expiresAt})
    ON CONFLICT (project_id) DO UPDATE SET
      epoch = CASE
        WHEN scheduler_leases.holder = excluded.holder AND scheduler_leases.expires_at > ${now}
        THEN scheduler_leases.epoch
        ELSE scheduler_leases.epoch + 1
      END,
      holder = excluded.holder,
      expires_at = excluded.expires_at
    WHERE scheduler_leases.holder = excluded.holder OR scheduler_leases.expires_at <= ${now}
    RETURNING epoch`);
  if (row) return { epoch: Number(row.epoch) };
  return null;
}

/**
 * Ends `holder`'s term `epoch` (a graceful stop hands the project over at once instead of after
 * the lease lapses). Answers whether it did: false when that term is no longer the current one
 * (taken over meanwhile) or was released already; the row stays, lapsed, so epochs keep counting.
 */
export async function releaseLease(
  tx: StoreQueries,
  projectId: string,
  holder: string,
  epoch: number,
): Promise<boolean> {
  checkId("projectId", projectId);
  checkId("holder", holder);
  checkEpoch(epoch);
  const changed = await tx.run(sql`UPDATE scheduler_leases SET expires_at = ${RELEASED_AT}
    WHERE project_id = ${projectId} AND holder = ${holder} AND epoch = ${epoch} AND expires_at > ${RELEASED_AT}`);
  return changed > 0;
}

/**
 * The fence of a scheduling transaction: whether `holder`'s term `epoch` is the project's current
 * one and still running at `now`. On PostgreSQL it locks the lease row (FOR UPDATE) until the
 * transaction ends, so no takeover commits between this check and the transaction's writes; on
 * SQLite the store's one writer gives the same.
 */
export async function holdsLease(
  tx: StoreQueries,
  projectId: string,
  holder: string,
  epoch: number,
  now: Date,
): Promise<boolean> {
  checkId("projectId", projectId);
  checkId("holder", holder);
  checkEpoch(epoch);
  checkNow(now);
  const lock = tx.engine === "postgres" ? sql` FOR UPDATE` : sql``;
  const row = await tx.get<LeaseRow>(
    sql`SELECT project_id, holder, epoch, expires_at FROM scheduler_leases WHERE project_id = ${projectId}${lock}`,
  );
  if (!row) return false;
  const lease = toLease(row);
  return lease.holder === holder && lease.epoch === epoch && lease.expiresAt.getTime() > now.getTime();
}

/** Every project's lease row, running or lapsed, by project id. */
export async function listLeases(q: StoreQueries): Promise<SchedulerLease[]> {
  const rows = await q.all<LeaseRow>(
    sql`SELECT project_id, holder, epoch, expires_at FROM scheduler_leases ORDER BY project_id`,
  );
  return rows.map(toLease);
}

function checkId(field: string, value: unknown): void {
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError(`${field}: a non-empty string, not ${JSON.stringify(value) ?? String(value)}`);
  }
}

function checkNow(now: unknown): void {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new TypeError(`now: a valid Date, not ${String(now)}`);
  }
}

function checkEpoch(epoch: unknown): void {
  if (typeof epoch !== "number" || !Number.isSafeInteger(epoch) || epoch < 1) {
    throw new RangeError(`epoch: a whole number from 1, not ${String(epoch)}`);
  }
}
