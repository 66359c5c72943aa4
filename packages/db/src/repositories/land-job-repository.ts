import { randomUUID } from "node:crypto";
import type { LandJobMode, LandJobState } from "@maestro/domain";
import { type SQL, sql } from "drizzle-orm";
import type { Db, StoreQueries } from "../store/store";
import { asDate } from "../store/values";

/**
 * Land jobs: the tasks of projects whose repository is not on the server's machine, waiting for
 * a runner to land them. Claims live in the database, so any instance can answer any runner; one
 * project has at most one live claim at a time (landings of a project run one after another).
 */
export interface LandJobRecord {
  id: string;
  taskId: string;
  projectId: string;
  state: LandJobState;
  mode: LandJobMode;
  runnerId: string | null;
  /** The fencing token of the current (or last) claim; 0 before the first. */
  lease: number;
  leaseExpiresAt: Date | null;
  createdAt: Date;
}

interface LandJobSqlRow {
  id: string;
  task_id: string;
  project_id: string;
  state: LandJobState;
  mode: LandJobMode;
  runner_id: string | null;
  lease: number;
  lease_expires_at: unknown;
  created_at: unknown;
}

const COLUMNS = sql.raw("id, task_id, project_id, state, mode, runner_id, lease, lease_expires_at, created_at");

function toLandJob(row: LandJobSqlRow): LandJobRecord {
  return {
    id: row.id,
    taskId: row.task_id,
    projectId: row.project_id,
    state: row.state,
    mode: row.mode,
    runnerId: row.runner_id,
    lease: Number(row.lease),
    leaseExpiresAt: asDate(row.lease_expires_at),
    createdAt: asDate(row.created_at)!,
  };
}

/**
 * The task's job, queued now unless it has one already (a task is landed by one job at a time;
 * the one it has keeps its mode). `mode` defaults to `land`.
 */
export async function queueLandJob(
  db: StoreQueries,
  job: { taskId: string; projectId: string; mode?: LandJobMode },
  now = new Date(),
): Promise<LandJobRecord> {
  await db.run(sql`INSERT INTO land_jobs (id, task_id, project_id, state, mode, lease, created_at)
    VALUES (${randomUUID()}, ${job.taskId}, ${job.projectId}, ${"queued"}, ${job.mode ?? "land"}, ${0}, ${now})
    ON CONFLICT (task_id) DO NOTHING`);
  return (await findLandJobOfTask(db, job.taskId))!;
}

export async function findLandJobOfTask(db: StoreQueries, taskId: string): Promise<LandJobRecord | undefined> {
  const row = await db.get<LandJobSqlRow>(sql`SELECT ${COLUMNS} FROM land_jobs WHERE task_id = ${taskId}`);
  return row && toLandJob(row);
}

/**
 * The job, read for a write its lease guards. On PostgreSQL the row stays locked until the
 * caller's transaction ends, so no new claim takes it between the check and the write.
 */
export async function findLandJobForWrite(db: StoreQueries, jobId: string): Promise<LandJobRecord | undefined> {
  const lock = db.engine === "postgres" ? sql` FOR NO KEY UPDATE` : sql``;
  const row = await db.get<LandJobSqlRow>(sql`SELECT ${COLUMNS} FROM land_jobs WHERE id = ${jobId}${lock}`);
  return row && toLandJob(row);
}

/** Jobs of these modes only (a runner says which it can do); all when absent. */
function ofModes(modes: readonly LandJobMode[] | undefined): SQL {
  if (!modes) return sql``;
  return sql` AND j.mode IN (${sql.join(
    modes.map((mode) => sql`${mode}`),
    sql`, `,
  )})`;
}

/** A job a claim may take now: queued, or claimed under a lease that ran out; never one of a project with a live claim. */
function claimable(now: Date, excluded: readonly string[], modes?: readonly LandJobMode[]): SQL {
  const notExcluded =
    excluded.length > 0
      ? sql` AND j.project_id NOT IN (${sql.join(
          excluded.map((id) => sql`${id}`),
          sql`, `,
        )})`
      : sql``;
  return sql`(j.state = ${"queued"} OR j.lease_expires_at <= ${now})${notExcluded}${ofModes(modes)}
    AND NOT EXISTS (SELECT 1 FROM land_jobs o WHERE o.project_id = j.project_id AND o.id <> j.id
      AND o.state = ${"claimed"} AND o.lease_expires_at > ${now})`;
}

/**
 * The oldest claimable job's id. On PostgreSQL locked FOR UPDATE SKIP LOCKED: a job another
 * claim holds is passed over, not waited for (outside a transaction the lock lasts the statement).
 */
export async function findClaimableLandJob(
  db: StoreQueries,
  now: Date,
  excluded: readonly string[] = [],
  modes?: readonly LandJobMode[],
): Promise<{ id: string; projectId: string } | undefined> {
  const lock = db.engine === "postgres" ? sql` FOR UPDATE OF j SKIP LOCKED` : sql``;
  const row = await db.get<{ id: string; project_id: string }>(sql`SELECT j.id, j.project_id FROM land_jobs j
    WHERE ${claimable(now, excluded, modes)} ORDER BY j.created_at, j.id LIMIT 1${lock}`);
  return row && { id: row.id, projectId: row.project_id };
}

/**
 * Claims the oldest claimable job for `runnerId` until `now + ttlMs`, with the next lease; null
 * when there is none. Run it in a transaction. On PostgreSQL the project's row is locked before
 * the job is taken and the rule checked again, so two instances never claim two jobs of one
 * project at once (the second sees the first's committed claim and passes to another project).
 * With `modes`, only jobs of those modes are taken.
 */
export async function claimLandJob(
  db: Db,
  claim: { runnerId: string; now: Date; ttlMs: number; modes?: readonly LandJobMode[] },
): Promise<LandJobRecord | null> {
  const { runnerId, now, ttlMs, modes } = claim;
  const excluded: string[] = [];
  for (;;) {
    const candidate = await findClaimableLandJob(db, now, excluded, modes);
    if (!candidate) return null;
    if (db.engine === "postgres") {
      await db.run(sql`SELECT 1 FROM projects WHERE id = ${candidate.projectId} FOR NO KEY UPDATE`);
      const rival = await db.get(sql`SELECT 1 AS found FROM land_jobs WHERE project_id = ${candidate.projectId}
        AND id <> ${candidate.id} AND state = ${"claimed"} AND lease_expires_at > ${now}`);
      if (rival) {
        excluded.push(candidate.projectId);
        continue;
      }
    }
    const row = await db.get<LandJobSqlRow>(sql`UPDATE land_jobs SET state = ${"claimed"}, runner_id = ${runnerId},
      lease = lease + 1, lease_expires_at = ${new Date(now.getTime() + ttlMs)}
      WHERE id = ${candidate.id} RETURNING ${COLUMNS}`);
    return row ? toLandJob(row) : null;
  }
}

/** Extends a claim's lease (its runner is still at work: it reported the commit it is about to push). */
export async function renewLandJob(db: StoreQueries, jobId: string, lease: number, expiresAt: Date): Promise<boolean> {
  const changed = await db.run(sql`UPDATE land_jobs SET lease_expires_at = ${expiresAt}
    WHERE id = ${jobId} AND lease = ${lease} AND state = ${"claimed"}`);
  return changed > 0;
}

export async function deleteLandJob(db: StoreQueries, jobId: string): Promise<boolean> {
  return (await db.run(sql`DELETE FROM land_jobs WHERE id = ${jobId}`)) > 0;
}

/** Ends every job of the project, claimed or not (its repository is no longer elsewhere); how many there were. */
export async function deleteLandJobsOfProject(db: StoreQueries, projectId: string): Promise<number> {
  return await db.run(sql`DELETE FROM land_jobs WHERE project_id = ${projectId}`);
}

/** Every job, oldest first (what an operator or a test looks at). */
export async function listLandJobs(db: StoreQueries, projectId?: string): Promise<LandJobRecord[]> {
  const where = projectId === undefined ? sql`` : sql` WHERE project_id = ${projectId}`;
  const rows = await db.all<LandJobSqlRow>(sql`SELECT ${COLUMNS} FROM land_jobs${where} ORDER BY created_at, id`);
  return rows.map(toLandJob);
}
