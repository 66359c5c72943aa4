import { execFile } from "node:child_process";
import { hostEnv } from "./env";

export interface GitResult {
  stdout: string;
  /** 0, or (with `allowFailure`) the code git exited with. */
  code: number;
}

export class GitFailure extends Error {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
  ) {
    super(stderr.trim().slice(0, 2_000) || `git ${args[0] ?? ""} failed`);
  }
}

/**
 * Runs git with an argv array (never a shell) in `cwd`, with the repository's own hooks (and
 * file-system monitor command) off: a project's post-checkout or pre-commit must not run
 * because Maestro checked out or committed.
 * Output is bounded; git never prompts.
 */
export function git(
  cwd: string,
  args: readonly string[],
  { allowFailure = false, maxBytes = 16 * 1024 * 1024 }: { allowFailure?: boolean; maxBytes?: number } = {},
): Promise<GitResult> {
  const argv = ["-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "core.quotePath=false", ...args];
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      argv,
      { cwd, env: gitEnv(), maxBuffer: maxBytes, timeout: 120_000, encoding: "utf8" },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        if (code === 0 || (allowFailure && code !== null)) resolve({ stdout, code: code ?? 0 });
        else reject(new GitFailure(args, stderr || (error?.message ?? "")));
      },
    );
  });
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
