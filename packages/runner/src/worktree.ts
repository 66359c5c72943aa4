import { execFile } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { hostEnv } from "./env";

const execFileAsync = promisify(execFile);

export interface Worktree {
  path: string;
  branch: string;
}

/** Branch names allow fewer characters than task keys might one day hold. */
export function branchName(taskKey: string, attempt: number): string {
  const safe = taskKey.replace(/[^A-Za-z0-9._-]/g, "-").replace(/^[.-]+/, "") || "task";
  return `maestro/${safe}-${attempt}`;
}

/**
 * Adds a git worktree on a new branch for one session. It never removes or resets anything: an
 * existing path or branch is an error for the user to look at, so no uncommitted work is lost.
 */
export async function addWorktree({
  rootDir,
  home,
  sessionId,
  taskKey,
  attempt,
}: {
  rootDir: string;
  home: string;
  sessionId: string;
  taskKey: string;
  attempt: number;
}): Promise<Worktree> {
  const path = join(home, "worktrees", sessionId);
  const branch = branchName(taskKey, attempt);
  if (existsSync(path)) throw new Error(`could not create the worktree: ${path} already exists`);
  mkdirSync(dirname(path), { recursive: true });
  try {
    await execFileAsync("git", ["worktree", "add", "-b", branch, path], { cwd: rootDir, env: gitEnv() });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(
      `could not create the worktree (git worktree add -b ${branch}): ${stderr || (error as Error).message}`,
    );
  }
  return { path, branch };
}

/**
 * The worktree of an earlier session, for the session that continues it: used as it was left
 * (uncommitted work included), or added again on its branch when the folder is gone.
 */
export async function reopenWorktree(rootDir: string, worktree: Worktree): Promise<Worktree> {
  if (existsSync(worktree.path)) return worktree;
  const git = (args: string[]) => execFileAsync("git", args, { cwd: rootDir, env: gitEnv() });
  try {
    // A folder deleted by hand is still registered until pruned.
    await git(["worktree", "prune"]);
    mkdirSync(dirname(worktree.path), { recursive: true });
    await git(["worktree", "add", worktree.path, worktree.branch]);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(
      `could not reopen the worktree of branch ${worktree.branch}: ${stderr || (error as Error).message}`,
    );
  }
  return worktree;
}

/**
 * Undoes addWorktree when the agent could not even start. Plain `worktree remove` and
 * `branch -d` refuse to drop anything with changes, so this can only delete an untouched copy.
 */
export async function removeFreshWorktree(rootDir: string, worktree: Worktree): Promise<void> {
  const git = (args: string[]) => execFileAsync("git", args, { cwd: rootDir, env: gitEnv() }).catch(() => undefined);
  await git(["worktree", "remove", worktree.path]);
  await git(["branch", "-d", worktree.branch]);
}

/** git must not prompt (there is no terminal) nor read the server's own GIT_* overrides. */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { GIT_TERMINAL_PROMPT: "0" };
  const host = hostEnv();
  for (const name of ["PATH", "HOME", "USER", "LANG", "LC_ALL", "TMPDIR"]) {
    if (host[name] !== undefined) env[name] = host[name];
  }
  return env;
}
