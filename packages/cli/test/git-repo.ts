// A real git repository in a temporary folder, for tests of the landing commands.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface GitRepo {
  dir: string;
  /** Runs git in the repository (argv, hooks off, a fixed identity) and returns its trimmed stdout. */
  git(...args: string[]): string;
  /** Writes files (path → content), stages everything and commits; returns the new commit. */
  commit(message: string, files: Record<string, string | Buffer>): string;
}

export function createGitRepo(prefix = "maestro-repo-"): GitRepo {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const git = (...args: string[]) =>
    execFileSync(
      "git",
      ["-c", "core.hooksPath=/dev/null", "-c", "user.name=Test", "-c", "user.email=test@localhost", ...args],
      { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    ).trim();
  git("init", "-q", "-b", "main");
  return {
    dir,
    git,
    commit(message, files) {
      for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
      git("add", "-A");
      git("commit", "-q", "-m", message);
      return git("rev-parse", "HEAD");
    },
  };
}
