import { findAgent, pageAgents } from "@maestro/db";
import {
  type AgentProfile,
  type AgentRefInput,
  type ListAgentsInput,
  type Page,
  notFound,
  toPage,
} from "@maestro/domain";
import type { z } from "zod";
import type { VerbArgs } from "../unit-of-work";

/** One page of profiles, built-in and stored, by name; the cursor is the last name given. */
export function listAgents({ ctx, input }: VerbArgs<z.output<typeof ListAgentsInput>>): Page<AgentProfile> {
  const fetched = pageAgents(ctx.database.db, { limit: input.limit + 1, after: input.cursor ?? undefined });
  return toPage(fetched, input.limit, (last) => last.name);
}

export function getAgent({ ctx, input }: VerbArgs<AgentRefInput>): AgentProfile {
  const agent = findAgent(ctx.database.db, input.name);
  if (!agent) throw notFound("agent", input.name);
  return agent;
}
