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
export async function resumeAccount({ ctx, input }: VerbArgs<AgentRefInput>): Promise<AccountResumed> {
  const profile = await findAgent(ctx.database.db, input.name);
  if (!profile) throw notFound("agent", input.name);
  const account = accountOf(profile);
  const resumed = await inTransaction(ctx, async (tx, record) => {
    const pause = await liftAccountPause(tx, account);
    if (!pause) {
      throw new DomainError("INVALID_TRANSITION", `account ${account} (agent ${input.name}) is not paused`, {
        field: "name",
      });
    }
    const profiles = (await listAgents(tx)).filter((other) => accountOf(other) === account).map((other) => other.name);
    const payload = { account, profiles, until: pause.until, reason: pause.reason };
    for (const project of await listProjects(tx)) {
      record({ kind: "account.resumed", entity: "project", entityId: project.id, projectId: project.id, payload });
    }
    return { account, profiles, until: pause.until };
  });
  return { ...resumed, queued: await resumeWaiting(ctx, new Date()) };
}
