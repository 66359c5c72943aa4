import type { AccountPause, AutopilotState, AutopilotStateName } from "@maestro/domain";
import { eq, gt, lte, sql } from "drizzle-orm";
import type { AccountPauseRow, AutopilotRow } from "../schema/autopilot";
import { first, hot } from "../store/db";
import type { Db } from "../store/store";
import { encodeParam } from "../store/values";

function toAutopilot(row: AutopilotRow): AutopilotState {
  return {
    projectId: row.projectId,
    state: row.state,
    maxConcurrent: row.maxConcurrent,
    pauseReason: row.pauseReason,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A project's autopilot; `off` (with no timestamp) when it was never started or was stopped. */
export async function findAutopilot(db: Db, projectId: string): Promise<AutopilotState> {
  const { autopilotTable } = db.t;
  const row = await first(db.orm.select().from(autopilotTable).where(eq(autopilotTable.projectId, projectId)));
  return row ? toAutopilot(row) : { projectId, state: "off", maxConcurrent: null, pauseReason: null, updatedAt: null };
}

/** Every project whose autopilot is on or paused. */
export async function listAutopilots(db: Db): Promise<AutopilotState[]> {
  const { autopilotTable } = db.t;
  const rows = await hot<AutopilotRow>(db, "autopilot.all", () => db.orm.select().from(autopilotTable)).all({});
  return rows.map(toAutopilot);
}

/** Stores the state; a change without a pause reason clears the one stored (a person's start or pause wins). */
export async function saveAutopilot(
  db: Db,
  values: {
    projectId: string;
    state: Exclude<AutopilotStateName, "off">;
    maxConcurrent: number | null;
    pauseReason?: string | null;
  },
  now = new Date(),
): Promise<AutopilotState> {
  const { autopilotTable } = db.t;
  const pauseReason = values.pauseReason ?? null;
  const [row] = await db.orm
    .insert(autopilotTable)
    .values({ ...values, pauseReason, updatedAt: now })
    .onConflictDoUpdate({
      target: autopilotTable.projectId,
      set: { state: values.state, maxConcurrent: values.maxConcurrent, pauseReason, updatedAt: now },
    })
    .returning();
  return toAutopilot(row!);
}

/**
 * Pauses an account until `until`. A later pause wins over an earlier one, reason and all: the
 * reason says which hit set the time shown with it (and whether that time was capped). One
 * statement decides (the upsert updates only when the new time is not earlier), so two instances
 * pausing the same account at once on PostgreSQL still leave the later pause.
 */
export async function pauseAccount(db: Db, pause: AccountPause, now = new Date()): Promise<AccountPause> {
  const { accountPauseTable } = db.t;
  const until = new Date(pause.until);
  const [written] = await db.orm
    .insert(accountPauseTable)
    .values({ account: pause.account, until, reason: pause.reason, createdAt: now })
    .onConflictDoUpdate({
      target: accountPauseTable.account,
      set: { until, reason: pause.reason },
      setWhere: sql`${accountPauseTable.until} <= ${encodeParam(db.engine, until)}`,
    })
    .returning();
  // No row back: the pause in force ends later and stays, reason and all.
  const row =
    written ??
    (await first(db.orm.select().from(accountPauseTable).where(eq(accountPauseTable.account, pause.account))));
  return toAccountPause(row!);
}

/** Lifts an account's pause before its time (a person's call); returns the pause lifted, if one was in force. */
export async function liftAccountPause(db: Db, account: string, now = new Date()): Promise<AccountPause | undefined> {
  const { accountPauseTable } = db.t;
  const [lifted] = await db.orm.delete(accountPauseTable).where(eq(accountPauseTable.account, account)).returning();
  // An expired pause was no longer in force: deleting it lifts nothing.
  return lifted && lifted.until > now ? toAccountPause(lifted) : undefined;
}

/** Pauses still in force at `now`; expired ones are deleted on the way. */
/** Deletes the pauses that are over at `now` (a write: in a transaction); answers how many. */
export async function deleteEndedAccountPauses(db: Db, now: Date): Promise<number> {
  const { accountPauseTable } = db.t;
  return await hot(db, "accountPause.deleteEnded", () =>
    db.orm.delete(accountPauseTable).where(lte(accountPauseTable.until, sql.placeholder("now"))),
  ).run({ now: encodeParam(db.engine, now) });
}

export async function listAccountPauses(db: Db, now = new Date()): Promise<AccountPause[]> {
  const { accountPauseTable } = db.t;
  // Each autopilot pass asks: built once. A read: pauses that are over are only left out (one row
  // per account at most, replaced by the account's next pause).
  const rows = await hot<AccountPauseRow>(db, "accountPause.inForce", () =>
    db.orm
      .select()
      .from(accountPauseTable)
      .where(gt(accountPauseTable.until, sql.placeholder("now"))),
  ).all({ now: encodeParam(db.engine, now) }); // a raw placeholder: the engine's own timestamp form
  return rows.map(toAccountPause);
}

function toAccountPause(row: AccountPauseRow): AccountPause {
  return { account: row.account, until: row.until.toISOString(), reason: row.reason };
}
