import { type LandJob, type LandingOutcome, messageOf } from "@maestro/domain";
import { git } from "./git";
import { commitMessageOf, commitTree, mergeTrees } from "./land-merge";
import {
  clonePathOf,
  commitOf,
  fetchRemote,
  inClone,
  openClone,
  pushRemote,
  remoteRefOf,
  shownUrl,
} from "./remote-repo";

/** Someone pushed to the target between our fetch and our push this many times: give up for now. */
export const MAX_RACES = 20;

export interface LandDeps {
  home: string;
  /** Records the commit about to be pushed (crash recovery reads it); awaited before the push. */
  reportIntent(commit: string): Promise<unknown>;
}

/** What one fetch of the target found: its tip and that tip's tree. */
interface Target {
  tip: string;
  tree: string;
}

/** Only fetches write the clone's refs: they are serialized with the sessions' (merging and pushing need not be). */
export async function fetchTarget(
  clone: string,
  job: Pick<LandJob, "targetBranch" | "repositoryUrl">,
): Promise<Target | null> {
  const target = remoteRefOf(job.targetBranch);
  await inClone(clone, () => fetchRemote(clone, job.repositoryUrl, [target.refspec]));
  const tip = await commitOf(clone, target.ref);
  const tree = tip && (await git(clone, ["rev-parse", "--verify", "--end-of-options", `${tip}^{tree}`])).stdout.trim();
  return tip && tree ? { tip, tree } : null;
}

/** The task's head, fetched with its branch; a head this clone already holds lands even if the branch is gone. */
async function fetchHead(clone: string, job: LandJob): Promise<string | null> {
  const ref = `refs/remotes/origin/${job.branch}`;
  const fetched = await inClone(clone, () =>
    fetchRemote(clone, job.repositoryUrl, [`+refs/heads/${job.branch}:${ref}`]),
  )
    .then(() => null)
    .catch((error: unknown) => messageOf(error));
  if (await commitOf(clone, job.head)) return null;
  return fetched ?? `the branch ${job.branch} on ${shownUrl(job.repositoryUrl)} does not hold ${job.head.slice(0, 12)}`;
}

export async function isAncestor(repo: string, commit: string, of: string): Promise<boolean> {
  const result = await git(repo, ["merge-base", "--is-ancestor", "--end-of-options", commit, of], {
    allowFailure: true,
  });
  return result.code === 0;
}

/**
 * Lands one task on the project's remote from this runner's clone: merges its head onto the
 * target's tip without a working tree, records the commit (intent) and pushes it with a
 * compare-and-swap on the tip it was merged onto; someone pushing meanwhile makes it merge again
 * on the new tip. Anything that stops it (unreachable remote, branch gone, push refused) waits.
 */
export async function landOnRemote(job: LandJob, deps: LandDeps): Promise<LandingOutcome> {
  try {
    const clone = await inClone(clonePathOf(deps.home, job.projectId), () => openClone(deps.home, job.projectId));
    return await landInClone(clone, job, deps);
  } catch (error) {
    return { kind: "waiting", note: `could not land on ${job.targetBranch}: ${messageOf(error)}` };
  }
}

async function landInClone(clone: string, job: LandJob, deps: LandDeps): Promise<LandingOutcome> {
  const { targetBranch, repositoryUrl: url } = job;
  let hasHead = false;
  for (let race = 0; race < MAX_RACES; race++) {
    const target = await fetchTarget(clone, job);
    if (!target) return { kind: "waiting", note: `the target branch ${targetBranch} is not on ${shownUrl(url)}` };
    // An earlier attempt pushed and stopped before saying so: that commit is the landing.
    if (job.landingCommit && (await isAncestor(clone, job.landingCommit, target.tip))) {
      return { kind: "landed", commit: job.landingCommit };
    }
    if (!hasHead) {
      const missing = await fetchHead(clone, job);
      if (missing) return { kind: "waiting", note: missing };
      hasHead = true;
    }
    const merged = await mergeTrees(clone, target.tip, job.head);
    if (merged.kind === "conflict") return { kind: "conflict", files: merged.files };
    // Already there (the head is on the target, or a squash of it landed before): nothing to write.
    if (merged.tree === target.tree) return { kind: "landed", commit: target.tip };
    const parents = job.strategy === "squash" ? [target.tip] : [target.tip, job.head];
    const commit = await commitTree(clone, { tree: merged.tree, parents, message: commitMessageOf(job) });
    await deps.reportIntent(commit);
    const lease = `--force-with-lease=refs/heads/${targetBranch}:${target.tip}`;
    const pushed = await pushRemote(clone, url, [
      lease,
      "--end-of-options",
      url,
      `${commit}:refs/heads/${targetBranch}`,
    ]);
    if (pushed.kind === "pushed") return { kind: "landed", commit };
    if (pushed.kind === "failed") {
      return { kind: "waiting", note: `git push to ${targetBranch} on ${shownUrl(url)} failed: ${pushed.reason}` };
    }
  }
  return { kind: "waiting", note: `${targetBranch} kept moving while landing; it is tried again` };
}
