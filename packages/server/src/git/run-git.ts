import { execFile } from "node:child_process";
import { gitEnvironment } from "../env";

export interface GitResult {
  stdout: string;
  stderr: string;
  /** The exit code (0 = success); only returned when `allowFailure` is set, else a failure throws. */
  code: number;
}

export interface GitOptions {
  /** A non-zero exit is an answer (e.g. merge-tree's 1 = conflicts), not an error. */
  allowFailure?: boolean;
  /** Output beyond this is an error (default 64 MiB): a repository can hold anything. */
  maxBytes?: number;
  timeoutMs?: number;
}

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    readonly code: number | null,
  ) {
    super(`git ${args[0] ?? ""} failed${code === null ? "" : ` (exit ${code})`}: ${stderr.trim().slice(0, 2_000)}`);
  }
}

/**
 * Runs git with an argv array (never a shell) in `cwd`. A repository's own hooks never run
 * (core.hooksPath=/dev/null), nor does a configured fsmonitor command: merging someone's
 * repository must not run their code inside the server. git never prompts and never reads the server's own GIT_* overrides.
 */
export function runGit(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  const argv = ["-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "core.quotePath=false", ...args];
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      argv,
      {
        cwd,
        env: gitEnvironment(),
        maxBuffer: options.maxBytes ?? 64 * 1024 * 1024,
        timeout: options.timeoutMs ?? 60_000,
        encoding: "utf8",
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        if (code === 0 || (options.allowFailure && code !== null)) {
          resolve({ stdout, stderr, code: code ?? 0 });
          return;
        }
        reject(new GitError(args, stderr || (error?.message ?? ""), code));
      },
    );
  });
}
