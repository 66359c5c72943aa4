import { type AgentProfile, BUILT_IN_AGENTS, compareNames } from "@maestro/domain";
import { asc, eq, gt, inArray } from "drizzle-orm";
import type { AgentRow } from "../schema/agent";
import { changedRows, first } from "../store/db";
import type { Db } from "../store/store";

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
    account: row.account,
    memoryMb: row.memoryMb,
    builtIn: false,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type AgentFields = Omit<AgentProfile, "builtIn" | "createdAt" | "updatedAt">;

/** A stored profile shadows the built-in one of the same name (e.g. claude-code with a model). */
export async function listAgents(db: Db): Promise<AgentProfile[]> {
  return await pageAgents(db, { limit: Number.MAX_SAFE_INTEGER });
}

/**
 * Profiles by name (code-point order), built-in ones among the stored ones unless a stored
 * profile of the same name replaces them: `limit` of them, named after `after` when given.
 */
export async function pageAgents(db: Db, page: { limit: number; after?: string }): Promise<AgentProfile[]> {
  const { agentTable } = db.t;
  const rows = await db.orm
    .select()
    .from(agentTable)
    .where(page.after === undefined ? undefined : gt(agentTable.name, page.after))
    .orderBy(asc(agentTable.name))
    .limit(page.limit);
  const stored = rows.map(toAgent);
  // Which built-in names a stored profile replaces: one query (the page may not reach them).
  const shadowed = await db.orm
    .select({ name: agentTable.name })
    .from(agentTable)
    .where(
      inArray(
        agentTable.name,
        BUILT_IN_AGENTS.map((agent) => agent.name),
      ),
    );
  const replaced = new Set(shadowed.map((row) => row.name));
  const builtIns = BUILT_IN_AGENTS.filter(
    (agent) => (page.after === undefined || agent.name > page.after) && !replaced.has(agent.name),
  );
  return [...builtIns, ...stored].sort((a, b) => compareNames(a.name, b.name)).slice(0, page.limit);
}

export async function findAgent(db: Db, name: string): Promise<AgentProfile | undefined> {
  return (await findStoredAgent(db, name)) ?? BUILT_IN_AGENTS.find((agent) => agent.name === name);
}

export async function findStoredAgent(db: Db, name: string): Promise<AgentProfile | undefined> {
  const { agentTable } = db.t;
  const row = await first(db.orm.select().from(agentTable).where(eq(agentTable.name, name)));
  return row && toAgent(row);
}

/** A new profile; a name already stored fails the unique key (ALREADY_EXISTS), never overwrites. */
export async function insertAgent(db: Db, fields: AgentFields, now = new Date()): Promise<AgentProfile> {
  const { agentTable } = db.t;
  const [row] = await db.orm
    .insert(agentTable)
    .values({ ...fields, createdAt: now, updatedAt: now })
    .returning();
  return toAgent(row!);
}

export async function upsertAgent(db: Db, fields: AgentFields, now = new Date()): Promise<AgentProfile> {
  const { agentTable } = db.t;
  const [row] = await db.orm
    .insert(agentTable)
    .values({ ...fields, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: agentTable.name, set: { ...fields, updatedAt: now } })
    .returning();
  return toAgent(row!);
}

export async function deleteAgent(db: Db, name: string): Promise<boolean> {
  const { agentTable } = db.t;
  return changedRows(await db.orm.delete(agentTable).where(eq(agentTable.name, name))) > 0;
}
