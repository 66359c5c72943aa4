import { type DbClient, findAgent, listAccountPauses, pageAgents } from "@maestro/db";
import {
  type AgentProfile,
  type AgentRefInput,
  type ListAgentsInput,
  type Page,
  accountOf,
  notFound,
  pausesByProfile,
  toPage,
} from "@maestro/domain";
import type { z } from "zod";
import type { VerbArgs } from "../unit-of-work";

/** A profile as shown: with the account its usage counts against (derived when not set) and its pause. */
export interface AgentView extends AgentProfile {
  /** `account` when set, else the one derived from its adapter and credential variables (accountOf). */
  usageAccount: string;
  /** Until when its account is paused by a usage limit (ISO time); null: it may start. */
  pausedUntil: string | null;
}

function toViews(db: DbClient, profiles: readonly AgentProfile[]): AgentView[] {
  const pauses = pausesByProfile(profiles, listAccountPauses(db));
  return profiles.map((profile) => ({
    ...profile,
    usageAccount: accountOf(profile),
    pausedUntil: pauses.get(profile.name)?.until ?? null,
  }));
}

/** One page of profiles, built-in and stored, by name; the cursor is the last name given. */
export function listAgents({ ctx, input }: VerbArgs<z.output<typeof ListAgentsInput>>): Page<AgentView> {
  const fetched = pageAgents(ctx.database.db, { limit: input.limit + 1, after: input.cursor ?? undefined });
  return toPage(toViews(ctx.database.db, fetched), input.limit, (last) => last.name);
}

export function getAgent({ ctx, input }: VerbArgs<AgentRefInput>): AgentView {
  const agent = findAgent(ctx.database.db, input.name);
  if (!agent) throw notFound("agent", input.name);
  return toViews(ctx.database.db, [agent])[0]!;
}
