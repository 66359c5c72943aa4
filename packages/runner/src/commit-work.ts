import { git } from "./git";

/** The identity of Maestro's own commits where the repository configures none. */
const FALLBACK_IDENTITY = { name: "Maestro", email: "maestro@localhost" };

/** The `-c` options for what of user.name / user.email the repository (or the user) does not set. */
async function identityFallback(cwd: string): Promise<string[]> {
  const options: string[] = [];
  for (const key of ["name", "email"] as const) {
    const found = await git(cwd, ["config", "--get", `user.${key}`], { allowFailure: true });
    if (found.code !== 0 || !found.stdout.trim()) options.push("-c", `user.${key}=${FALLBACK_IDENTITY[key]}`);
  }
  return options;
}

/**
 * Commits everything the agent left in its worktree (tracked and untracked, ignored files
 * aside), completing a merge it left in progress; returns the branch's commit afterwards. With
 * nothing left over, nothing is committed.
 */
export async function commitLeftovers(cwd: string, message: string): Promise<string> {
  await git(cwd, ["add", "--all"]);
  const staged = await git(cwd, ["diff", "--cached", "--quiet"], { allowFailure: true });
  const merging = await git(cwd, ["rev-parse", "--quiet", "--verify", "MERGE_HEAD"], { allowFailure: true });
  if (staged.code !== 0 || merging.code === 0) {
    // Signing could ask for a passphrase nobody is there to type.
    const options = ["-c", "commit.gpgsign=false", ...(await identityFallback(cwd))];
    await git(cwd, [...options, "commit", "--quiet", "--no-verify", "-m", message]);
  }
  return (await git(cwd, ["rev-parse", "--verify", "HEAD^{commit}"])).stdout.trim();
}

/**
 * The files the branch changes against where it would land: its merge base with `against`
 * (the target branch, or the commit it was cut from), at most `limit` of them.
 */
export async function changedFiles(
  cwd: string,
  { against, head, limit }: { against: string; head: string; limit: number },
) {
  const { stdout } = await git(cwd, ["diff", "--name-only", "-z", "--no-renames", `${against}...${head}`, "--"]);
  return stdout.split("\0").filter(Boolean).slice(0, limit);
}
