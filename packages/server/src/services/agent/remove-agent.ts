import { inTransaction } from "../unit-of-work";
import { deleteAgent, findStoredAgent } from "@maestro/db";
import { type AgentProfile, type AgentRefInput, BUILT_IN_AGENTS, DomainError, notFound } from "@maestro/domain";
import type { VerbArgs } from "../unit-of-work";

/** Removes a profile; removing a customised built-in restores the original. */
export async function removeAgent({ ctx, input }: VerbArgs<AgentRefInput>): Promise<AgentProfile> {
  // One transaction: the check and the write together, and never inside another request's.
  return await inTransaction(ctx, async (tx) => {
    const stored = await findStoredAgent(tx, input.name);
    if (!stored) {
      const builtIn = BUILT_IN_AGENTS.some((agent) => agent.name === input.name);
      throw builtIn
        ? new DomainError("INVALID_INPUT", `agent ${input.name} is built in and cannot be removed`, { field: "name" })
        : notFound("agent", input.name);
    }
    await deleteAgent(tx, input.name);
    return stored;
  });
}
