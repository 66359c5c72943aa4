import { deleteAgent, findStoredAgent } from "@maestro/db";
import { type AgentProfile, type AgentRefInput, BUILT_IN_AGENTS, DomainError, notFound } from "@maestro/domain";
import type { VerbArgs } from "../unit-of-work";

/** Removes a profile; removing a customised built-in restores the original. */
export async function removeAgent({ ctx, input }: VerbArgs<AgentRefInput>): Promise<AgentProfile> {
  const stored = await findStoredAgent(ctx.database.db, input.name);
  if (!stored) {
    const builtIn = BUILT_IN_AGENTS.some((agent) => agent.name === input.name);
    throw builtIn
      ? new DomainError("INVALID_INPUT", `agent ${input.name} is built in and cannot be removed`, { field: "name" })
      : notFound("agent", input.name);
  }
  await deleteAgent(ctx.database.db, input.name);
  return stored;
}
