import {
  type LandJob,
  type LandingOutcome,
  ghRepoOf,
  messageOf,
  openPrByHandNote,
  parsePrView,
  prUrlOfCreate,
} from "@maestro/domain";
import { readyGh, runGh } from "./gh";
import { fetchTarget, isAncestor } from "./land-on-remote";
import { clonePathOf, commitOf, fetchRemote, inClone, openClone, shownUrl } from "./remote-repo";

/** gh's one-line reason for a failure. */
function ghReason(result: { stdout: string; stderr: string }): string {
  return (result.stderr || result.stdout).trim().split("\n").join("; ").slice(0, 500) || "gh gave no reason";
}

/** `gh pr create` refuses a second PR for the branch, naming the first: an earlier attempt opened it. */
function existingPrUrl(stderr: string): string | null {
  return /already exists:?\s*(https?:\/\/\S+)/.exec(stderr)?.[1] ?? null;
}

/**
 * PR mode: opens the task's pull request with `gh` (its branch was pushed by the session's
 * wrap-up). Without a logged-in `gh`, or for a URL no forge serves, the PR is to be opened by
 * hand: pr_open with no URL and a note saying how.
 */
export async function openPrOnRemote(job: LandJob, deps: { home: string }): Promise<LandingOutcome> {
  const where = shownUrl(job.repositoryUrl);
  const byHand = (why: string) => ({
    kind: "pr_open" as const,
    prUrl: null,
    note: openPrByHandNote({ branch: job.branch, target: job.targetBranch, where, why }),
  });
  const repo = ghRepoOf(job.repositoryUrl);
  if (!repo) return byHand(`gh cannot name ${where} as a repository of a forge`);
  try {
    const clone = await inClone(clonePathOf(deps.home, job.projectId), () => openClone(deps.home, job.projectId));
    const gh = await readyGh(clone);
    if (!gh) return byHand("gh is not installed or not logged in on the runner that took it");
    const title = job.prTitle ?? `${job.taskKey} ${job.taskTitle}`;
    const args = ["pr", "create", "--repo", repo, "--base", job.targetBranch, "--head", job.branch];
    // `--flag=value`: a title or body starting with "-" stays a value.
    const created = await runGh(gh, clone, [...args, `--title=${title}`, `--body=${job.prBody ?? ""}`]);
    const url = created.code === 0 ? prUrlOfCreate(created.stdout) : existingPrUrl(created.stderr);
    if (url) return { kind: "pr_open", prUrl: url, note: null };
    return { kind: "waiting", note: `gh pr create failed: ${ghReason(created)}` };
  } catch (error) {
    return { kind: "waiting", note: `could not open the pull request: ${messageOf(error)}` };
  }
}

/**
 * PR mode: whether the task's pull request was merged. With `gh` and its URL, as gh says (merged:
 * landed as its merge commit; closed: waiting); otherwise merged when the target's tip holds the
 * task's head. Anything that stops the check leaves the PR open, to be asked again.
 */
export async function checkPrOnRemote(job: LandJob, deps: { home: string }): Promise<LandingOutcome> {
  const prUrl = job.prUrl ?? null;
  try {
    const clone = await inClone(clonePathOf(deps.home, job.projectId), () => openClone(deps.home, job.projectId));
    const gh = prUrl ? await readyGh(clone) : null;
    if (gh && prUrl) {
      const viewed = await runGh(gh, clone, ["pr", "view", prUrl, "--json", "state,mergeCommit"]);
      const state = viewed.code === 0 ? parsePrView(viewed.stdout) : { kind: "open" as const };
      if (state.kind === "closed") {
        return { kind: "waiting", note: `the pull request ${prUrl} was closed without merging` };
      }
      if (state.kind === "merged") return { kind: "landed", commit: state.commit ?? (await mergedTip(clone, job)) };
      if (state.kind === "open" && viewed.code === 0) return { kind: "pr_open", prUrl, note: null };
    }
    return await checkByAncestry(clone, job, prUrl);
  } catch (error) {
    return { kind: "pr_open", prUrl, note: `could not check the pull request: ${messageOf(error)}` };
  }
}

/** The target's tip, for a PR gh says is merged without naming its merge commit. */
async function mergedTip(clone: string, job: LandJob): Promise<string> {
  const target = await fetchTarget(clone, job);
  if (!target) throw new Error(`the target branch ${job.targetBranch} is not on ${shownUrl(job.repositoryUrl)}`);
  return target.tip;
}

/** Merged (as far as git can tell without the forge) when the target's tip holds the task's head. */
async function checkByAncestry(clone: string, job: LandJob, prUrl: string | null): Promise<LandingOutcome> {
  const target = await fetchTarget(clone, job);
  if (!target) throw new Error(`the target branch ${job.targetBranch} is not on ${shownUrl(job.repositoryUrl)}`);
  if (!(await commitOf(clone, job.head))) {
    // The branch may be gone after a merge (the target then holds the head anyway): best effort.
    const refspec = `+refs/heads/${job.branch}:refs/remotes/origin/${job.branch}`;
    await inClone(clone, () => fetchRemote(clone, job.repositoryUrl, [refspec])).catch(() => undefined);
  }
  if (await isAncestor(clone, job.head, target.tip)) return { kind: "landed", commit: target.tip };
  return { kind: "pr_open", prUrl, note: null };
}
