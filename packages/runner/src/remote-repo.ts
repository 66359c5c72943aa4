import { existsSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { git, gitWithStderr } from "./git";

/**
 * The runner's own bare clone of a project whose repository is elsewhere (`repositoryUrl`):
 * worktrees are cut from it, branches pushed and landings merged from it.
 */
export function clonePathOf(home: string, projectId: string): string {
  // The id names a folder: it must stay one folder under repos/.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(projectId)) throw new Error(`project id ${projectId} cannot name a folder`);
  return join(home, "repos", `${projectId}.git`);
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `work` once every earlier work on the same clone has settled: two sessions (or a session
 * and a landing) of one project fetching and adding worktrees at once would race on its refs.
 */
export function inClone<T>(clone: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(clone) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  const settled = next.catch(() => undefined);
  queues.set(clone, settled);
  void settled.then(() => queues.get(clone) === settled && queues.delete(clone));
  return next;
}

/**
 * The clone's config is the runner's: an agent in one of its worktrees can write it (the common
 * git dir), and a `core.sshCommand`, `url.*.insteadOf` or credential helper put there must not
 * run with the runner's credentials. It is written whole before each call that reaches the remote.
 */
const CLONE_CONFIG = "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n";

let configWrites = 0;

async function resetConfig(clone: string): Promise<void> {
  const path = join(clone, "config");
  // One name per write: a landing's clean-up and a session's fetch may reset it at once, and a
  // shared name would be renamed away under the second one (ENOENT).
  const temporary = `${path}.${process.pid}.${++configWrites}.tmp`;
  await writeFile(temporary, CLONE_CONFIG);
  await rename(temporary, path);
}

/**
 * git deletes `worktrees/` once the last worktree goes, and a `git worktree add` at that moment
 * fails; a locked entry without a gitdir keeps it (git neither lists nor prunes it).
 */
async function keepWorktreesFolder(clone: string): Promise<void> {
  const keeper = join(clone, "worktrees", "maestro-keep");
  await mkdir(keeper, { recursive: true });
  await writeFile(join(keeper, "locked"), "keeps this folder while Maestro's worktrees come and go\n", {
    flag: "wx",
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
}

/** The project's clone under the runner's home, made (empty, bare) the first time. */
export async function openClone(home: string, projectId: string): Promise<string> {
  const clone = clonePathOf(home, projectId);
  if (!existsSync(join(clone, "HEAD"))) {
    await mkdir(clone, { recursive: true });
    await git(clone, ["init", "--bare", "--quiet"]);
  }
  await keepWorktreesFolder(clone);
  return clone;
}

/** A URL as messages show it: without a password, should it hold one. */
export function shownUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, "$1:***@");
}

/** git's reason for a failure, in one line, without the URL's password. */
export function reasonOf(stderr: string, url: string): string {
  const text = stderr.replaceAll(url, shownUrl(url)).trim();
  const lines = text.split("\n").map((line) => line.replace(/^(fatal|error): /, "").trim());
  return lines.filter(Boolean).join("; ").slice(0, 2_000) || "git gave no reason";
}

/** Fetches `refspecs` from the remote into the clone; rejects with git's reason. */
export async function fetchRemote(clone: string, url: string, refspecs: readonly string[]): Promise<void> {
  await resetConfig(clone);
  const args = ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--end-of-options", url, ...refspecs];
  const result = await gitWithStderr(clone, args, { isRemote: true, allowFailure: true });
  if (result.code !== 0) throw new Error(`could not fetch from ${shownUrl(url)}: ${reasonOf(result.stderr, url)}`);
}

/** The commit a ref of the clone names, or null if it has none. */
export async function commitOf(repo: string, ref: string): Promise<string | null> {
  const found = await git(repo, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], {
    allowFailure: true,
  });
  return found.code === 0 ? found.stdout.trim() : null;
}

/** Where a fetch of the target branch puts it in the clone (the remote's HEAD without one). */
export function remoteRefOf(targetBranch: string | null): { refspec: string; ref: string } {
  const ref = `refs/remotes/origin/${targetBranch ?? "HEAD"}`;
  return { refspec: `+${targetBranch ? `refs/heads/${targetBranch}` : "HEAD"}:${ref}`, ref };
}

export type PushResult = { kind: "pushed" } | { kind: "rejected"; reason: string } | { kind: "failed"; reason: string };

/** The remote refused the update because its ref is not what we think: someone pushed meanwhile. */
const RACE_REASONS = /stale info|fetch first|non-fast-forward/;

/**
 * `git push --porcelain` from `cwd` (the clone or one of its worktrees); `rejected` only when the
 * remote moved under a lease or fast-forward, `failed` for anything else (credentials, network,
 * a hook of the remote's refusing it).
 */
export async function pushRemote(cwd: string, url: string, args: readonly string[]): Promise<PushResult> {
  const clone = (await git(cwd, ["rev-parse", "--path-format=absolute", "--git-common-dir"])).stdout.trim();
  await resetConfig(clone);
  const result = await gitWithStderr(cwd, ["push", "--porcelain", ...args], { isRemote: true, allowFailure: true });
  if (result.code === 0) return { kind: "pushed" };
  const refused = result.stdout.split("\n").filter((line) => line.startsWith("!\t"));
  const reason = refused.map((line) => line.split("\t").slice(1).join(" ")).join("; ");
  if (refused.length > 0 && refused.every((line) => RACE_REASONS.test(line))) return { kind: "rejected", reason };
  return { kind: "failed", reason: reasonOf([reason, result.stderr].filter(Boolean).join("\n"), url) };
}
