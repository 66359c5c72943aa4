import { inTransaction } from "../unit-of-work";
import { findStoredAgent, insertAgent } from "@maestro/db";
import {
  type AgentProfile,
  BUILT_IN_AGENTS,
  type CreateAgentInput,
  DomainError,
  assertLaunchTemplate,
} from "@maestro/domain";
import type { z } from "zod";
import type { VerbArgs } from "../unit-of-work";
import { assertDelegatesExist } from "./delegates";

/** Adds a profile. A built-in name may be taken once, to customise it (model, args, …). */
export async function addAgent({ ctx, input }: VerbArgs<z.output<typeof CreateAgentInput>>): Promise<AgentProfile> {
  // One transaction: the check and the write together, and never inside another request's. The
  // check is for the message; on PostgreSQL another instance may insert in between, and the
  // insert (never an upsert, which would overwrite that profile) then fails ALREADY_EXISTS.
  return await inTransaction(ctx, async (tx) => {
    if (await findStoredAgent(tx, input.name)) {
      throw new DomainError(
        "ALREADY_EXISTS",
        `agent ${input.name} already exists; change it with update or remove it first`,
        { field: "name" },
      );
    }
    const builtIn = BUILT_IN_AGENTS.find((agent) => agent.name === input.name);
    if (builtIn && builtIn.adapter !== input.adapter) {
      throw new DomainError(
        "INVALID_INPUT",
        `agent ${input.name} is built in with the ${builtIn.adapter} adapter; pick another name`,
        { field: "name" },
      );
    }
    await assertDelegatesExist(tx, input.delegates);
    assertLaunchTemplate(input);
    return await insertAgent(tx, input);
  });
}
