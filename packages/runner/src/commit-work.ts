import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { listFilesBriefly } from "@maestro/domain";
import { git } from "./git";

const MAX_PATH_CHARS = 4_096;

/** The identity of Maestro's own commits where the repository configures none. */
const FALLBACK_IDENTITY = { name: "Maestro", email: "maestro@localhost" };

/** The `-c` options for what of user.name / user.email the repository (or the user) does not set. */
export async function identityFallback(cwd: string): Promise<string[]> {
  const keys = ["name", "email"] as const;
  const found = await Promise.all(
    keys.map((key) => git(cwd, ["config", "--get", `user.${key}`], { allowFailure: true })),
  );
  return keys.flatMap((key, index) =>
    found[index]!.code === 0 && found[index]!.stdout.trim() ? [] : ["-c", `user.${key}=${FALLBACK_IDENTITY[key]}`],
  );
}

/**
 * Commits everything the agent left in its worktree (tracked and untracked, ignored files
 * aside), completing a merge it left in progress; returns the branch's commit afterwards and
 * whether it made it. With nothing left over, nothing is committed.
 */
export async function commitLeftovers(cwd: string, message: string): Promise<{ head: string; isCommitted: boolean }> {
  await refuseConflicts(cwd);
  await git(cwd, ["add", "--all"]);
  const [staged, merging] = await Promise.all([
    git(cwd, ["diff", "--cached", "--quiet"], { allowFailure: true }),
    git(cwd, ["rev-parse", "--quiet", "--verify", "MERGE_HEAD"], { allowFailure: true }),
  ]);
  const isCommitted = staged.code !== 0 || merging.code === 0;
  if (isCommitted) {
    // Signing could ask for a passphrase nobody is there to type.
    const options = ["-c", "commit.gpgsign=false", ...(await identityFallback(cwd))];
    await git(cwd, [...options, "commit", "--quiet", "--no-verify", "-m", message]);
  }
  const head = (await git(cwd, ["rev-parse", "--verify", "HEAD^{commit}"])).stdout.trim();
  return { head, isCommitted };
}

/** Past this a file is not searched for markers: it is refused as unresolved, never committed blind. */
const MAX_MARKER_SCAN_BYTES = 16 * 1024 * 1024;

/** A conflict marker line as git writes it (`<<<<<<< ours`, `>>>>>>> theirs`). */
const CONFLICT_MARKER = /^(<{7}|>{7})(?: |$)/m;

/** Whether an unmerged file still holds git's conflict markers (or cannot be read to tell). */
async function stillConflicted(cwd: string, path: string): Promise<boolean> {
  try {
    const file = join(cwd, path);
    if ((await stat(file)).size > MAX_MARKER_SCAN_BYTES) return true;
    return CONFLICT_MARKER.test(await readFile(file, "utf8"));
  } catch (error) {
    // Resolved by deleting it: nothing left to commit by mistake. Anything else cannot be told.
    return (error as NodeJS.ErrnoException).code !== "ENOENT";
  }
}

/**
 * Committing unresolved files would put their conflict markers on the branch as if they were
 * work. An agent that resolved a file but did not stage it has done the work: that is committed.
 */
async function refuseConflicts(cwd: string): Promise<void> {
  const { stdout } = await git(cwd, ["diff", "--name-only", "-z", "--diff-filter=U"]);
  const unmerged = [...new Set(stdout.split("\0").filter(Boolean))];
  const marked = await Promise.all(unmerged.map((path) => stillConflicted(cwd, path)));
  const files = unmerged.filter((_, index) => marked[index]);
  if (files.length === 0) return;
  throw new Error(`it left a merge with unresolved conflicts in ${listFilesBriefly(files)}`);
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
  // A path longer than any file system allows cannot be a file: it is not reported.
  return stdout
    .split("\0")
    .filter((path) => path && path.length <= MAX_PATH_CHARS)
    .slice(0, limit);
}
