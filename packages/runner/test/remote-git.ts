import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Runs git in `cwd` with a fixed identity (only the tests' own commits use it), returning its trimmed stdout. */
export const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd, stdio: "pipe" })
    .toString()
    .trim();

/**
 * "The project's remote": a bare repository in a temp dir with `main` holding `files`, a
 * developer's clone of it to push other work from, a runner home, and where planted hooks
 * (plantHooks) write should they ever run.
 */
export interface RemoteWorld {
  dir: string;
  remote: string;
  developer: string;
  home: string;
  hookLog: string;
  /** Commits `files` in the developer's clone on `branch` (made from main if new) and pushes it. */
  push(branch: string, files: Record<string, string | null>, message?: string): string;
  close(): void;
}

function writeFiles(cwd: string, files: Record<string, string | null>): void {
  for (const [name, text] of Object.entries(files)) {
    if (text === null) rmSync(join(cwd, name), { force: true });
    else writeFileSync(join(cwd, name), text);
  }
}

/** Hooks that leave a line in `log` when they run, for every hook Maestro's git calls could trigger. */
export function plantHooks(gitDir: string, log: string): void {
  mkdirSync(join(gitDir, "hooks"), { recursive: true });
  for (const hook of [
    "post-checkout",
    "pre-commit",
    "commit-msg",
    "post-commit",
    "pre-push",
    "reference-transaction",
  ]) {
    const path = join(gitDir, "hooks", hook);
    writeFileSync(path, `#!/bin/sh\necho "${hook}" >> '${log}'\n`);
    chmodSync(path, 0o755);
  }
}

export function createRemoteWorld(files: Record<string, string> = { "main.txt": "main\n" }): RemoteWorld {
  const dir = mkdtempSync(join(tmpdir(), "maestro-remote-"));
  const remote = join(dir, "remote.git");
  const developer = join(dir, "developer");
  const home = join(dir, "home");
  const hookLog = join(dir, "hooks-ran");
  git(dir, "init", "-q", "--bare", "-b", "main", remote);
  git(dir, "init", "-q", "-b", "main", developer);
  writeFiles(developer, files);
  git(developer, "add", "--all");
  git(developer, "commit", "-q", "-m", "main");
  git(developer, "push", "-q", remote, "main");
  const push = (branch: string, changes: Record<string, string | null>, message = `change ${branch}`) => {
    git(developer, "fetch", "-q", remote, `+refs/heads/*:refs/remotes/origin/*`);
    const exists = git(developer, "ls-remote", remote, `refs/heads/${branch}`) !== "";
    git(developer, "checkout", "-q", "-B", branch, exists ? `origin/${branch}` : "origin/main");
    writeFiles(developer, changes);
    git(developer, "add", "--all");
    git(developer, "commit", "-q", "-m", message);
    git(developer, "push", "-q", remote, `${branch}:refs/heads/${branch}`);
    return git(developer, "rev-parse", "HEAD");
  };
  return { dir, remote, developer, home, hookLog, push, close: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The remote's commit at `ref`, or "" if it has none. */
export function remoteTip(world: RemoteWorld, ref: string): string {
  return git(world.remote, "for-each-ref", "--format=%(objectname)", `refs/heads/${ref}`);
}
