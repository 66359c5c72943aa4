import type { AccountPause, AutopilotState, AutopilotStateName } from "@maestro/domain";
import { eq, lte, sql } from "drizzle-orm";
import { prepared } from "../prepared";
import { type AccountPauseRow, type AutopilotRow, accountPauseTable, autopilotTable } from "../schema/autopilot";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

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
export async function findAutopilot(handle: Db, projectId: string): Promise<AutopilotState> {
  const db = sqliteOf(handle);
  const row = db.select().from(autopilotTable).where(eq(autopilotTable.projectId, projectId)).get();
  return row ? toAutopilot(row) : { projectId, state: "off", maxConcurrent: null, pauseReason: null, updatedAt: null };
}

/** Every project whose autopilot is on or paused. */
export async function listAutopilots(handle: Db): Promise<AutopilotState[]> {
  const db = sqliteOf(handle);
  return prepared(db, "autopilot.all", () => db.select().from(autopilotTable).prepare())
    .all()
    .map(toAutopilot);
}

/** Stores the state; a change without a pause reason clears the one stored (a person's start or pause wins). */
export async function saveAutopilot(
  handle: Db,
  values: {
    projectId: string;
    state: Exclude<AutopilotStateName, "off">;
    maxConcurrent: number | null;
    pauseReason?: string | null;
  },
  now = new Date(),
): Promise<AutopilotState> {
  const db = sqliteOf(handle);
  const pauseReason = values.pauseReason ?? null;
  const row = db
    .insert(autopilotTable)
    .values({ ...values, pauseReason, updatedAt: now })
    .onConflictDoUpdate({
      target: autopilotTable.projectId,
      set: { state: values.state, maxConcurrent: values.maxConcurrent, pauseReason, updatedAt: now },
    })
    .returning()
    .get();
  return toAutopilot(row);
}

/**
 * Pauses an account until `until`. A later pause wins over an earlier one, reason and all: the
 * reason says which hit set the time shown with it (and whether that time was capped).
 */
export async function pauseAccount(handle: Db, pause: AccountPause, now = new Date()): Promise<AccountPause> {
  const db = sqliteOf(handle);
  const current = db.select().from(accountPauseTable).where(eq(accountPauseTable.account, pause.account)).get();
  const wanted = new Date(pause.until);
  const kept = current && current.until > wanted ? current : undefined;
  const [until, reason] = kept ? [kept.until, kept.reason] : [wanted, pause.reason];
  const row = db
    .insert(accountPauseTable)
    .values({ ...pause, until, reason, createdAt: now })
    .onConflictDoUpdate({ target: accountPauseTable.account, set: { until, reason } })
    .returning()
    .get();
  return toAccountPause(row);
}

/** Lifts an account's pause before its time (a person's call); returns the pause lifted, if one was in force. */
export async function liftAccountPause(
  handle: Db,
  account: string,
  now = new Date(),
): Promise<AccountPause | undefined> {
  const db = sqliteOf(handle);
  const pause = (await listAccountPauses(handle, now)).find((held) => held.account === account);
  if (pause) db.delete(accountPauseTable).where(eq(accountPauseTable.account, account)).run();
  return pause;
}

/** Pauses still in force at `now`; expired ones are deleted on the way. */
export async function listAccountPauses(handle: Db, now = new Date()): Promise<AccountPause[]> {
  const db = sqliteOf(handle);
  // Each autopilot pass asks: prepared once.
  prepared(db, "accountPause.deleteExpired", () =>
    db
      .delete(accountPauseTable)
      .where(lte(accountPauseTable.until, sql.placeholder("now")))
      .prepare(),
  ).run({ now: now.getTime() }); // a raw placeholder: the column stores milliseconds
  return prepared(db, "accountPause.all", () => db.select().from(accountPauseTable).prepare())
    .all()
    .map(toAccountPause);
}

function toAccountPause(row: AccountPauseRow): AccountPause {
  return { account: row.account, until: row.until.toISOString(), reason: row.reason };
}
