import { runGit } from "./run-git";

export type TreeMerge = { kind: "clean"; tree: string } | { kind: "conflict"; files: string[] };

/**
 * Merges two commits without a working tree (`git merge-tree --write-tree`, git ≥ 2.38): the
 * merged tree, or the files that conflict. Nothing on disk or in any index changes.
 */
export async function mergeTrees(repo: string, ours: string, theirs: string): Promise<TreeMerge> {
  const result = await runGit(
    repo,
    ["merge-tree", "--write-tree", "--name-only", "--no-messages", "-z", ours, theirs],
    {
      allowFailure: true,
    },
  );
  if (result.code > 1) throw new Error(`git merge-tree failed: ${result.stderr.trim().slice(0, 2_000)}`);
  const [tree, ...files] = result.stdout.split("\0").filter(Boolean);
  if (result.code === 0) return { kind: "clean", tree: tree! };
  return { kind: "conflict", files: [...new Set(files)] };
}

/** Who commits when the repository and the user say nothing: only then, never over their identity. */
const FALLBACK_IDENTITY = ["-c", "user.name=Maestro", "-c", "user.email=maestro@localhost"];

async function hasIdentity(repo: string): Promise<boolean> {
  const [name, email] = await Promise.all([
    runGit(repo, ["config", "user.name"], { allowFailure: true }),
    runGit(repo, ["config", "user.email"], { allowFailure: true }),
  ]);
  return name.code === 0 && email.code === 0;
}

/** Writes a commit of `tree` with `parents` (first parent first) and returns its id. */
export async function commitTree(
  repo: string,
  commit: { tree: string; parents: readonly string[]; message: string },
): Promise<string> {
  const identity = (await hasIdentity(repo)) ? [] : FALLBACK_IDENTITY;
  const parents = commit.parents.flatMap((parent) => ["-p", parent]);
  const result = await runGit(repo, [...identity, "commit-tree", commit.tree, ...parents, "-m", commit.message]);
  return result.stdout.trim();
}
