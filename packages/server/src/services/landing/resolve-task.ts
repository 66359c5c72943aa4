import { DomainError, type ResolveTaskInput, type Session, resolveConflictFollowUp } from "@maestro/domain";
import { requireProject } from "../project/resolve-project";
import { requireTask } from "../task/task-rules";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { queueFollowUp } from "./follow-up";
import { changeLanding, requireBranchSession } from "./landing-writes";
import { targetBranchOf } from "./target-branch";

/**
 * Starts a session (the task's last agent, or `agent`) in the task's worktree, told to merge
 * the target branch into its branch and resolve the conflicts. Its work then goes through
 * the checks and review or landing again; the conflict files are kept until it lands.
 */
export async function resolveTask({ ctx, input }: VerbArgs<ResolveTaskInput>): Promise<Session> {
  const task = await requireTask(ctx.database.db, input.id);
  const targetBranch = await targetBranchOf(await requireProject(ctx.database.db, task.projectId));
  return await inTransaction(ctx, async (tx, record) => {
    const current = await requireTask(tx, task.id);
    if (current.landing.landState !== "conflict") {
      throw new DomainError(
        "INVALID_TRANSITION",
        `${current.key} has no conflict to resolve (its land state is ${current.landing.landState})`,
        { field: "id" },
      );
    }
    const previous = await requireBranchSession(tx, current);
    const { conflictFiles } = current.landing;
    await changeLanding(tx, record, current.id, { landing: { landState: "none", note: null } });
    return await queueFollowUp({
      ctx,
      tx,
      record,
      task: current,
      previous,
      agent: input.agent,
      reason: `its branch conflicts with ${targetBranch}`,
      text: resolveConflictFollowUp({ targetBranch, conflictFiles }),
    });
  });
}
