import { MAX_CHANGED_FILES, messageOf } from "@maestro/domain";
import { runChecks } from "./checks";
import { changedFiles, commitLeftovers } from "./commit-work";
import { git } from "./git";
import type { SessionState, WorkReport } from "./held-session";
import { repositoryUrlOf } from "./landing-api";
import type { LaunchedAgent } from "./launch";
import { publishWork } from "./publish-work";

/** What a worktree session reports at its end: its work, or why it could not be wrapped up. */
export interface WrappedUp {
  work?: WorkReport;
  /** The agent succeeded but its work could not be committed or checked: the session fails with this. */
  error?: string;
}

/**
 * After an agent succeeded in a worktree: what it left uncommitted is committed (so review sees
 * everything), a remote project's branch pushed and its diff sent, then the project's checks run
 * on that commit.
 */
export async function wrapUpWork(state: SessionState, agent: LaunchedAgent): Promise<WrappedUp> {
  const { claim } = state;
  const cwd = agent.worktreePath;
  if (!claim.landing || !cwd) return {};
  let headCommit: string;
  try {
    const message = `${claim.taskKey}: ${claim.landing.taskTitle}\n\nChanges left uncommitted by Maestro session ${claim.session.id}.`;
    const committed = await commitLeftovers(cwd, message);
    headCommit = committed.head;
    if (committed.isCommitted) {
      state.batcher?.note(`[maestro] committed what the agent left uncommitted: ${headCommit.slice(0, 12)}`);
      await state.batcher?.drain();
    }
  } catch (error) {
    return { error: `the agent succeeded, but its changes could not be committed: ${messageOf(error)}` };
  }
  const url = repositoryUrlOf(claim);
  const published =
    url && agent.branch ? await publishWork(state, { cwd, url, branch: agent.branch, head: headCommit }) : null;
  if (published && "error" in published) return { error: published.error };
  const files = published
    ? published.files
    : await filesOf(state, { cwd, head: headCommit, baseCommit: agent.baseCommit });
  try {
    const checks = await runChecks(state, cwd);
    return { work: { headCommit, checks, ...(files ? { changedFiles: files } : {}) } };
  } catch (error) {
    return { error: `the agent succeeded, but its checks could not be run: ${messageOf(error)}` };
  }
}

/** The branch's changed files against the target branch (or its base); undefined if git cannot say. */
async function filesOf(
  state: SessionState,
  { cwd, head, baseCommit }: { cwd: string; head: string; baseCommit: string | null },
): Promise<string[] | undefined> {
  try {
    const target = state.claim.landing?.targetBranch;
    const tip = target
      ? await git(cwd, ["rev-parse", "--verify", "--quiet", "--end-of-options", `refs/heads/${target}^{commit}`], {
          allowFailure: true,
        })
      : undefined;
    const against = tip?.code === 0 ? tip.stdout.trim() : baseCommit;
    return against ? await changedFiles(cwd, { against, head, limit: MAX_CHANGED_FILES }) : undefined;
  } catch (error) {
    state.deps.log(`${state.label}: could not list the files its branch changes: ${messageOf(error)}`);
    return undefined;
  }
}
