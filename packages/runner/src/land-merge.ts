import type { LandJob } from "@maestro/domain";
import { identityFallback } from "./commit-work";
import { git } from "./git";

export type TreeMerge = { kind: "clean"; tree: string } | { kind: "conflict"; files: string[] };

/**
 * Merges two commits without a working tree (`git merge-tree --write-tree`, git ≥ 2.38): the
 * merged tree, or the files that conflict. Nothing on disk or in any index changes.
 */
export async function mergeTrees(repo: string, ours: string, theirs: string): Promise<TreeMerge> {
  const args = ["merge-tree", "--write-tree", "--name-only", "--no-messages", "-z", ours, theirs];
  const result = await git(repo, args, { allowFailure: true });
  if (result.code > 1) throw new Error(`git merge-tree exited with ${result.code}`);
  const [tree, ...files] = result.stdout.split("\0").filter(Boolean);
  if (result.code === 0) return { kind: "clean", tree: tree! };
  return { kind: "conflict", files: [...new Set(files)] };
}

/** The landing commit's message: the server's own (land-branch.ts), so a landing reads the same wherever it ran. */
export function commitMessageOf(job: Pick<LandJob, "taskKey" | "taskTitle" | "strategy" | "branch" | "targetBranch">) {
  const subject = `${job.taskKey}: ${job.taskTitle}`.slice(0, 200);
  return job.strategy === "squash"
    ? `${subject}\n\nSquashed from ${job.branch} by Maestro.`
    : `${subject}\n\nMerge branch ${job.branch} into ${job.targetBranch} (Maestro).`;
}

/** Writes a commit of `tree` with `parents` (first parent first), unsigned, as the configured user or Maestro. */
export async function commitTree(
  repo: string,
  commit: { tree: string; parents: readonly string[]; message: string },
): Promise<string> {
  const options = ["-c", "commit.gpgsign=false", ...(await identityFallback(repo))];
  const parents = commit.parents.flatMap((parent) => ["-p", parent]);
  const args = [...options, "commit-tree", ...parents, "-m", commit.message, "--end-of-options", commit.tree];
  return (await git(repo, args)).stdout.trim();
}
