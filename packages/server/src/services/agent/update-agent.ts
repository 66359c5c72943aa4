import { inTransaction } from "../unit-of-work";
import { findAgent, upsertAgent } from "@maestro/db";
import {
  type AgentProfile,
  DomainError,
  NETWORK_NEEDS_SANDBOX,
  type UpdateAgentInput,
  assertLaunchTemplate,
  notFound,
} from "@maestro/domain";
import type { z } from "zod";
import type { VerbArgs } from "../unit-of-work";
import { assertDelegatesExist } from "./delegates";

/** Changes the fields given; changing a built-in stores a customised copy of it. */
export async function updateAgent({ ctx, input }: VerbArgs<z.output<typeof UpdateAgentInput>>): Promise<AgentProfile> {
  // One transaction: the check and the write together, and never inside another request's.
  return await inTransaction(ctx, async (tx) => {
    const current = await findAgent(tx, input.name);
    if (!current) throw notFound("agent", input.name);
    const { builtIn: _builtIn, createdAt: _createdAt, updatedAt: _updatedAt, ...fields } = current;
    const next = { ...fields, ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) };
    if (next.adapter === "custom" && !next.command?.length) {
      throw new DomainError("INVALID_INPUT", "command is required for the custom adapter", { field: "command" });
    }
    await assertDelegatesExist(tx, input.delegates);
    assertLaunchTemplate(next);
    if (next.network === "off" && next.sandbox !== "bwrap") {
      throw new DomainError("INVALID_INPUT", `network ${NETWORK_NEEDS_SANDBOX}`, { field: "network" });
    }
    return await upsertAgent(tx, next);
  });
}
