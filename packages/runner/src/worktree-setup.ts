import type { SessionState } from "./held-session";
import { describeRun, runCommand } from "./run-command";
import type { Worktree } from "./worktree";

/**
 * Runs the project's `worktreeSetup` in a fresh worktree before its agent starts. A failure (or a
 * stop meanwhile) throws an error naming the command and how it ended; the launch then removes
 * the worktree again.
 */
export async function setUpWorktree(state: SessionState, worktree: Worktree): Promise<void> {
  const { landing } = state.claim;
  const command = landing?.worktreeSetup;
  if (!landing || !command) return;
  const timeoutMs = landing.commandTimeoutSec * 1000;
  const run = await runCommand(state, { label: "setup", command, cwd: worktree.path, timeoutMs });
  if (state.isStopRequested) throw new Error(`stopped during the worktree setup (${command})`);
  if (run.exit.code === 0) return;
  const how =
    run.isTimedOut || run.isUnstarted || run.exit.signal ? describeRun(run, timeoutMs) : `exit code ${run.exit.code}`;
  throw new Error(`the worktree setup command failed (${how}): ${command}`);
}
