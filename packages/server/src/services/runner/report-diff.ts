import { findSessionById, saveTaskDiff } from "@maestro/db";
import { DomainError, type ReportDiffInput, currentTaskIdOf } from "@maestro/domain";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { requireLease } from "./lease";

/**
 * A runner's diff of the session's branch (its repository is elsewhere, so the server cannot
 * compute it): stored for its task, replacing the one before; `task diff` reads it.
 */
export async function reportDiff({ ctx, input }: VerbArgs<ReportDiffInput>): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    await requireLease(tx, input);
    const session = (await findSessionById(tx, input.sessionId))!;
    const taskId = currentTaskIdOf(session);
    if (!session.branch || !taskId) {
      throw new DomainError(
        "INVALID_TRANSITION",
        `session ${session.id} does not work in a worktree: no diff to report`,
        {
          field: "sessionId",
        },
      );
    }
    const { base, head, files, patch, isTruncated } = input;
    await saveTaskDiff(tx, { taskId, base, head, files, patch, isTruncated, reportedAt: new Date() });
  });
}
