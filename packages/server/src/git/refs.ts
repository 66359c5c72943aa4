import { runGit } from "./run-git";

/** The commit `rev` names, or null when it names none. */
export async function resolveCommit(repo: string, rev: string): Promise<string | null> {
  const result = await runGit(repo, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], {
    allowFailure: true,
  });
  return result.code === 0 ? result.stdout.trim() : null;
}

/** Whether `ancestor` is `descendant` or one of its ancestors. */
export async function isAncestor(repo: string, ancestor: string, descendant: string): Promise<boolean> {
  const result = await runGit(repo, ["merge-base", "--is-ancestor", ancestor, descendant], { allowFailure: true });
  if (result.code > 1) throw new Error(`git merge-base --is-ancestor failed: ${result.stderr.trim()}`);
  return result.code === 0;
}

/**
 * Moves `ref` from `oldCommit` to `newCommit` only if it is still at `oldCommit` (git locks the
 * ref and compares): two writers can never lose one another's commit. False when it moved.
 */
export async function compareAndSwapRef(
  repo: string,
  ref: string,
  change: { from: string; to: string; reason: string },
): Promise<boolean> {
  const result = await runGit(repo, ["update-ref", "-m", change.reason, ref, change.to, change.from], {
    allowFailure: true,
  });
  return result.code === 0;
}

/** Deletes `ref` only while it still points at `expected`; false when it does not (or is gone). */
export async function deleteRefIfAt(repo: string, ref: string, expected: string): Promise<boolean> {
  const result = await runGit(repo, ["update-ref", "-d", ref, expected], { allowFailure: true });
  return result.code === 0;
}

/** The branch checked out in `dir` (null when HEAD is detached or it is not a repository). */
export async function checkedOutBranch(dir: string): Promise<string | null> {
  const result = await runGit(dir, ["symbolic-ref", "--quiet", "--short", "HEAD"], { allowFailure: true }).catch(
    () => null,
  );
  return result?.code === 0 ? result.stdout.trim() || null : null;
}

/** How many commits `tip` has that `base` does not. */
export async function countCommitsNotIn(repo: string, tip: string, base: string): Promise<number> {
  const result = await runGit(repo, ["rev-list", "--count", `${base}..${tip}`]);
  return Number(result.stdout.trim());
}
