import { type Db, findAgent, listAccountPauses, pageAgents, recentPeakRssByAgent } from "@maestro/db";
import {
  type AgentProfile,
  type AgentRefInput,
  LEARNED_FOOTPRINT_SESSIONS,
  type ListAgentsInput,
  type MemoryFootprint,
  type Page,
  accountOf,
  expectedFootprint,
  notFound,
  pausesByProfile,
  toPage,
} from "@maestro/domain";
import type { z } from "zod";
import { withinPageBytes } from "../page-bytes";
import type { VerbArgs } from "../unit-of-work";

/**
 * A profile as shown: with the account its usage counts against (derived when not set), its pause,
 * and the memory one of its sessions is expected to take (set or learned).
 */
export interface AgentView extends AgentProfile {
  /** `account` when set, else the one derived from its adapter and credential variables (accountOf). */
  usageAccount: string;
  /** Until when its account is paused by a usage limit (ISO time); null: it may start. */
  pausedUntil: string | null;
  footprint: MemoryFootprint | null;
}

async function toViews(db: Db, profiles: readonly AgentProfile[]): Promise<AgentView[]> {
  const pauses = pausesByProfile(profiles, await listAccountPauses(db));
  const learned = await recentPeakRssByAgent(db, LEARNED_FOOTPRINT_SESSIONS);
  return profiles.map((profile) => ({
    ...profile,
    usageAccount: accountOf(profile),
    pausedUntil: pauses.get(profile.name)?.until ?? null,
    footprint: expectedFootprint(profile.memoryMb, learned.get(profile.name) ?? null),
  }));
}

/** One page of profiles, built-in and stored, by name; the cursor is the last name given. */
export async function listAgents({ ctx, input }: VerbArgs<z.output<typeof ListAgentsInput>>): Promise<Page<AgentView>> {
  const fetched = await pageAgents(ctx.database.db, { limit: input.limit + 1, after: input.cursor ?? undefined });
  const page = toPage(fetched, input.limit, (last) => last.name);
  // A profile's argv (100 arguments of 4,000 characters, and as many in its command) reaches ~800 KB.
  return withinPageBytes({ ...page, items: await toViews(ctx.database.db, page.items) }, (last) => last.name);
}

export async function getAgent({ ctx, input }: VerbArgs<AgentRefInput>): Promise<AgentView> {
  const agent = await findAgent(ctx.database.db, input.name);
  if (!agent) throw notFound("agent", input.name);
  return (await toViews(ctx.database.db, [agent]))[0]!;
}
