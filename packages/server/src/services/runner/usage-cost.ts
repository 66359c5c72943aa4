import { type Db, type SessionUsage, findAgent, findSessionById } from "@maestro/db";
import { type AgentEvent, DEFAULT_MODELS, estimateCostUsd } from "@maestro/domain";

type UsageEvent = Extract<AgentEvent, { type: "usage" }>;

/** The model a session's tokens are priced at when a usage names none: the profile's, else the tool's default. */
async function profileModel(tx: Db, sessionId: string): Promise<string | null> {
  const session = await findSessionById(tx, sessionId);
  const profile = session ? await findAgent(tx, session.agent) : undefined;
  return profile ? (profile.model ?? DEFAULT_MODELS[profile.adapter]) : null;
}

/**
 * A batch's usage events, added up. A reported cost is taken as is; tokens without one are
 * priced from the model's list price (an estimate, said so), or left at 0 for an unknown model.
 */
export async function totalUsage(tx: Db, sessionId: string, usage: readonly UsageEvent[]): Promise<SessionUsage> {
  let fallback: { model: string | null } | null = null;
  let costUsd = 0;
  let isCostEstimate = false;
  for (const event of usage) {
    if (event.costUsd !== null) {
      costUsd += event.costUsd;
      continue;
    }
    if (event.tokensIn + event.tokensOut === 0) continue;
    const model = event.model ?? (fallback ??= { model: await profileModel(tx, sessionId) }).model;
    const estimate = estimateCostUsd(model, event);
    if (estimate === null) continue;
    costUsd += estimate;
    isCostEstimate = true;
  }
  return {
    costUsd,
    tokensIn: usage.reduce((sum, event) => sum + event.tokensIn, 0),
    tokensOut: usage.reduce((sum, event) => sum + event.tokensOut, 0),
    agentSessionId: usage.findLast((event) => event.agentSessionId)?.agentSessionId ?? null,
    isCostEstimate,
  };
}
