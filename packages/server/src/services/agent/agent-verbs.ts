import { deleteAgent, findAgent, findStoredAgent, listAgents as readAgents, upsertAgent } from "@maestro/db";
import {
  type AgentProfile,
  type AgentRefInput,
  BUILT_IN_AGENTS,
  type CreateAgentInput,
  DomainError,
  type UpdateAgentInput,
  notFound,
} from "@maestro/domain";
import type { z } from "zod";
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

/** Adds a profile. A built-in name may be taken once, to customise it (model, args, …). */
export function addAgent({ ctx, input }: VerbArgs<z.output<typeof CreateAgentInput>>): AgentProfile {
  const db = ctx.database.db;
  if (findStoredAgent(db, input.name)) {
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
  return upsertAgent(db, input);
}

export function updateAgent({ ctx, input }: VerbArgs<z.output<typeof UpdateAgentInput>>): AgentProfile {
  const current = findAgent(ctx.database.db, input.name);
  if (!current) throw notFound("agent", input.name);
  const { builtIn: _builtIn, createdAt: _createdAt, updatedAt: _updatedAt, ...fields } = current;
  const next = { ...fields, ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) };
  if (next.adapter === "custom" && !next.command?.length) {
    throw new DomainError("INVALID_INPUT", "command is required for the custom adapter", { field: "command" });
  }
  return upsertAgent(ctx.database.db, next);
}

/** Removes a profile; removing a customised built-in restores the original. */
export function removeAgent({ ctx, input }: VerbArgs<AgentRefInput>): AgentProfile {
  const stored = findStoredAgent(ctx.database.db, input.name);
  if (!stored) {
    const builtIn = BUILT_IN_AGENTS.some((agent) => agent.name === input.name);
    throw builtIn
      ? new DomainError("INVALID_INPUT", `agent ${input.name} is built in and cannot be removed`, { field: "name" })
      : notFound("agent", input.name);
  }
  deleteAgent(ctx.database.db, input.name);
  return stored;
}
