import { type DbClient, findAgent, pageAgents, recentPeakRssByAgent } from "@maestro/db";
import {
  type AgentProfile,
  type AgentRefInput,
  LEARNED_FOOTPRINT_SESSIONS,
  type ListAgentsInput,
  type MemoryFootprint,
  type Page,
  expectedFootprint,
  notFound,
  toPage,
} from "@maestro/domain";
import type { z } from "zod";
import type { VerbArgs } from "../unit-of-work";

/** A profile as it is shown: with the memory one of its sessions is expected to take (set or learned). */
export type AgentView = AgentProfile & { footprint: MemoryFootprint | null };

function withFootprints(db: DbClient, agents: AgentProfile[]): AgentView[] {
  const learned = recentPeakRssByAgent(db, LEARNED_FOOTPRINT_SESSIONS);
  return agents.map((agent) => ({
    ...agent,
    footprint: expectedFootprint(agent.memoryMb, learned.get(agent.name) ?? null),
  }));
}

/** One page of profiles, built-in and stored, by name; the cursor is the last name given. */
export function listAgents({ ctx, input }: VerbArgs<z.output<typeof ListAgentsInput>>): Page<AgentView> {
  const fetched = pageAgents(ctx.database.db, { limit: input.limit + 1, after: input.cursor ?? undefined });
  const page = toPage(fetched, input.limit, (last) => last.name);
  return { ...page, items: withFootprints(ctx.database.db, page.items) };
}

export function getAgent({ ctx, input }: VerbArgs<AgentRefInput>): AgentView {
  const agent = findAgent(ctx.database.db, input.name);
  if (!agent) throw notFound("agent", input.name);
  return withFootprints(ctx.database.db, [agent])[0]!;
}
