import type { AutopilotState, AutopilotStateName } from "@maestro/domain";
import { eq, lte } from "drizzle-orm";
import type { DbClient } from "../database";
import { type AutopilotRow, agentPauseTable, autopilotTable } from "../schema/autopilot";

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
export function findAutopilot(db: DbClient, projectId: string): AutopilotState {
  const row = db.select().from(autopilotTable).where(eq(autopilotTable.projectId, projectId)).get();
  return row ? toAutopilot(row) : { projectId, state: "off", maxConcurrent: null, pauseReason: null, updatedAt: null };
}

/** Every project whose autopilot is on or paused. */
export function listAutopilots(db: DbClient): AutopilotState[] {
  return db.select().from(autopilotTable).all().map(toAutopilot);
}

/** Stores the state; a change without a pause reason clears the one stored (a person's start or pause wins). */
export function saveAutopilot(
  db: DbClient,
  values: {
    projectId: string;
    state: Exclude<AutopilotStateName, "off">;
    maxConcurrent: number | null;
    pauseReason?: string | null;
  },
  now = new Date(),
): AutopilotState {
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

export interface AgentPause {
  agent: string;
  until: string;
  reason: string;
}

/** Pauses a profile until `until` (a later pause wins over an earlier one). */
export function pauseAgent(
  db: DbClient,
  pause: { agent: string; until: Date; reason: string },
  now = new Date(),
): AgentPause {
  const current = db.select().from(agentPauseTable).where(eq(agentPauseTable.agent, pause.agent)).get();
  const until = current && current.until > pause.until ? current.until : pause.until;
  const row = db
    .insert(agentPauseTable)
    .values({ ...pause, until, createdAt: now })
    .onConflictDoUpdate({ target: agentPauseTable.agent, set: { until, reason: pause.reason } })
    .returning()
    .get();
  return { agent: row.agent, until: row.until.toISOString(), reason: row.reason };
}

/** Pauses still in force at `now`; expired ones are deleted on the way. */
export function listAgentPauses(db: DbClient, now = new Date()): AgentPause[] {
  db.delete(agentPauseTable).where(lte(agentPauseTable.until, now)).run();
  return db
    .select()
    .from(agentPauseTable)
    .all()
    .map((row) => ({ agent: row.agent, until: row.until.toISOString(), reason: row.reason }));
}

export function clearAgentPause(db: DbClient, agent: string): void {
  db.delete(agentPauseTable).where(eq(agentPauseTable.agent, agent)).run();
}
