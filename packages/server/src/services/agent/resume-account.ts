import { findAgent, liftAccountPause, listAgents, listProjects } from "@maestro/db";
import { type AgentRefInput, DomainError, accountOf, notFound } from "@maestro/domain";
import { resumeWaiting } from "../autopilot/scheduler";
import { type VerbArgs, inTransaction } from "../unit-of-work";

export interface AccountResumed {
  account: string;
  /** Every profile of the account: each may start again. */
  profiles: string[];
  /** Until when the lifted pause would have held. */
  until: string;
  /** Sessions that waited for the pause and are queued again. */
  queued: string[];
}

/**
 * Lifts the usage-limit pause of a profile's account before its time — a person's call (a limit
 * that was reset early, or a usage-limit line that was not the tool's own): one event in every
 * project, then the account's waiting sessions are queued again as when a pause ends.
 */
export function resumeAccount({ ctx, input }: VerbArgs<AgentRefInput>): AccountResumed {
  const profile = findAgent(ctx.database.db, input.name);
  if (!profile) throw notFound("agent", input.name);
  const account = accountOf(profile);
  const resumed = inTransaction(ctx, (tx, record) => {
    const pause = liftAccountPause(tx, account);
    if (!pause) {
      throw new DomainError("INVALID_TRANSITION", `account ${account} (agent ${input.name}) is not paused`, {
        field: "name",
      });
    }
    const profiles = listAgents(tx)
      .filter((other) => accountOf(other) === account)
      .map((other) => other.name);
    const payload = { account, profiles, until: pause.until, reason: pause.reason };
    for (const project of listProjects(tx)) {
      record({ kind: "account.resumed", entity: "project", entityId: project.id, projectId: project.id, payload });
    }
    return { account, profiles, until: pause.until };
  });
  return { ...resumed, queued: resumeWaiting(ctx, new Date()) };
}
