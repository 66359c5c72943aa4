import { type AgentProfile, BUILT_IN_AGENTS } from "@maestro/domain";
import { asc, eq } from "drizzle-orm";
import type { DbClient } from "../database";
import { type AgentRow, agentTable } from "../schema/agent";

export function toAgent(row: AgentRow): AgentProfile {
  return {
    name: row.name,
    adapter: row.adapter,
    model: row.model,
    args: row.args,
    command: row.command ?? null,
    permissionMode: row.permissionMode,
    envAllowlist: row.envAllowlist,
    skills: row.skills,
    persona: row.persona,
    maxConcurrent: row.maxConcurrent,
    delegates: row.delegates,
    sandbox: row.sandbox,
    network: row.network,
    builtIn: false,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type AgentFields = Omit<AgentProfile, "builtIn" | "createdAt" | "updatedAt">;

/** A stored profile shadows the built-in one of the same name (e.g. claude-code with a model). */
export function listAgents(db: DbClient): AgentProfile[] {
  const stored = db.select().from(agentTable).orderBy(asc(agentTable.name)).all().map(toAgent);
  const names = new Set(stored.map((agent) => agent.name));
  return [...BUILT_IN_AGENTS.filter((agent) => !names.has(agent.name)), ...stored].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
}

export function findAgent(db: DbClient, name: string): AgentProfile | undefined {
  const row = db.select().from(agentTable).where(eq(agentTable.name, name)).get();
  return row ? toAgent(row) : BUILT_IN_AGENTS.find((agent) => agent.name === name);
}

export function findStoredAgent(db: DbClient, name: string): AgentProfile | undefined {
  const row = db.select().from(agentTable).where(eq(agentTable.name, name)).get();
  return row && toAgent(row);
}

export function upsertAgent(db: DbClient, fields: AgentFields, now = new Date()): AgentProfile {
  const row = db
    .insert(agentTable)
    .values({ ...fields, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: agentTable.name, set: { ...fields, updatedAt: now } })
    .returning()
    .get();
  return toAgent(row);
}

export function deleteAgent(db: DbClient, name: string): boolean {
  return db.delete(agentTable).where(eq(agentTable.name, name)).run().changes > 0;
}
