import { lstat } from "node:fs/promises";
import { join } from "node:path";
import { runGit } from "./run-git";

/** `git status --porcelain -z` paths: "XY path\0", with a second "\0old" after a rename or copy. */
function parseStatus(output: string): string[] {
  const parts = output.split("\0");
  const paths: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const entry = parts[i]!;
    if (entry.length < 4) continue;
    paths.push(entry.slice(3));
    if (entry[0] === "R" || entry[0] === "C") i++;
  }
  return paths;
}

/** Tracked files with changes (staged or not) in the worktree at `dir`. */
export async function dirtyTrackedFiles(dir: string): Promise<string[]> {
  const result = await runGit(dir, ["status", "--porcelain=v1", "-z", "--untracked-files=no"]);
  return parseStatus(result.stdout);
}

/** Tracked changes and untracked files (not ignored ones) in the worktree at `dir`. */
export async function dirtyFiles(dir: string): Promise<string[]> {
  const result = await runGit(dir, ["status", "--porcelain=v1", "-z", "--untracked-files=all"]);
  return parseStatus(result.stdout);
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Files in the checkout at `dir` that moving it from `from` to `to` would overwrite although
 * git does not track them (untracked or ignored: both are someone's work).
 */
export async function untrackedInTheWay(dir: string, change: { from: string; to: string }): Promise<string[]> {
  const added = await runGit(dir, [
    "diff",
    "--name-only",
    "-z",
    "--no-renames",
    "--diff-filter=A",
    change.from,
    change.to,
  ]);
  const paths = added.stdout.split("\0").filter(Boolean);
  const found = await Promise.all(paths.map(async (path) => ((await exists(join(dir, path))) ? path : null)));
  const blocking = found.filter((path): path is string => path !== null);
  if (blocking.length > 0) return blocking;
  // git's own check, for what the list above cannot see (a file where a new folder goes).
  const dryRun = await runGit(dir, ["read-tree", "-m", "-u", "-n", change.from, change.to], { allowFailure: true });
  if (dryRun.code === 0) return [];
  const named = [...dryRun.stderr.matchAll(/'([^']+)' would be overwritten/g)].map((match) => match[1]!);
  return named.length > 0 ? named : [dryRun.stderr.trim().split("\n")[0] ?? "an untracked file"];
}

/**
 * Brings the checkout at `dir` (index and files) from `from` to `to`, as a fast-forward would.
 * git refuses, changing nothing, if a file it must touch was changed meanwhile.
 */
export async function advanceCheckout(dir: string, change: { from: string; to: string }): Promise<boolean> {
  const result = await runGit(dir, ["read-tree", "-m", "-u", change.from, change.to], { allowFailure: true });
  return result.code === 0;
}
