import { findAgent, listAgents as readAgents } from "@maestro/db";
import { type AgentProfile, type AgentRefInput, notFound } from "@maestro/domain";
import type { Context } from "../../context";
import type { VerbArgs } from "../unit-of-work";

export function listAgents({ ctx }: { ctx: Context }): AgentProfile[] {
  return readAgents(ctx.database.db);
}

export function getAgent({ ctx, input }: VerbArgs<AgentRefInput>): AgentProfile {
  const agent = findAgent(ctx.database.db, input.name);
  if (!agent) throw notFound("agent", input.name);
  return agent;
}
