import type { FinishInput } from "@maestro/domain";
import type { SessionState } from "./held-session";
import { runCommand } from "./run-command";

export type ChecksOutcome = NonNullable<FinishInput["checks"]>;

/**
 * Runs the project's checks in order in the worktree, each recorded on the server as it starts
 * and ends; the first that fails (or a stop) ends the run. A check that is stopped has failed.
 */
export async function runChecks(state: SessionState, cwd: string): Promise<ChecksOutcome> {
  const { landing } = state.claim;
  if (!landing || landing.checks.length === 0) return "none";
  const { runner } = state.deps.client;
  for (const command of landing.checks) {
    if (state.isStopRequested) return "failed";
    const check = await runner.checkStarted.mutate({ ...state.ids, command });
    const run = await runCommand(state, { label: "check", command, cwd, timeoutMs: landing.commandTimeoutSec * 1000 });
    const isPassed = run.exit.code === 0 && !run.isTimedOut && !state.isStopRequested;
    await runner.checkFinished.mutate({
      ...state.ids,
      checkId: check.id,
      status: isPassed ? "passed" : "failed",
      exitCode: run.exit.code,
      outputTail: run.tail,
    });
    if (!isPassed) return "failed";
  }
  return "passed";
}
