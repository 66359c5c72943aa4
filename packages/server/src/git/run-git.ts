import { execFile } from "node:child_process";
import { GIT_FIXED_ARGS, GIT_PROGRAM_LISTING, mayRunConfiguredProgram, repositoryOverrideEnv } from "@maestro/domain";
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

function execGit(
  cwd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: GitOptions,
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      [...GIT_FIXED_ARGS, ...args],
      {
        cwd,
        env,
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

/** The repository's own program-naming settings (filters, merge drivers…), overridden; see git-safety.ts. */
async function repositoryOverrides(cwd: string): Promise<Record<string, string>> {
  // Exit 1: no such key; the listing itself runs nothing.
  const listed = await execGit(cwd, GIT_PROGRAM_LISTING, gitEnvironment(), { allowFailure: true });
  if (listed.code > 1) throw new GitError(GIT_PROGRAM_LISTING, listed.stderr, listed.code);
  return repositoryOverrideEnv(listed.stdout);
}

/**
 * Runs git with an argv array (never a shell) in `cwd`. A repository's own hooks never run
 * (core.hooksPath=/dev/null), nor a configured fsmonitor, nor a filter, merge driver, textconv or
 * signing program its config names: merging someone's repository must not run their code inside
 * the server. git never prompts and never reads the server's own GIT_* overrides.
 */
export async function runGit(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  const overrides = mayRunConfiguredProgram(args) ? await repositoryOverrides(cwd) : {};
  return execGit(cwd, args, { ...gitEnvironment(), ...overrides }, options);
}
