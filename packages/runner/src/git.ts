import { execFile } from "node:child_process";
import { GIT_FIXED_ARGS, GIT_PROGRAM_LISTING, mayRunConfiguredProgram, repositoryOverrideEnv } from "@maestro/domain";
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

interface GitCallOptions {
  allowFailure?: boolean;
  maxBytes?: number;
  /** The call reaches the project's remote: its transports are limited, and the user's ssh agent and proxy reach it. */
  isRemote?: boolean;
}

/** Transports that run a command or use an inherited file descriptor: never, whatever the URL says. */
const REMOTE_ARGS = ["-c", "protocol.ext.allow=never", "-c", "protocol.fd.allow=never"];

/** What a fetch or push needs from the runner's environment: the user's ssh agent and proxy, nothing of git's. */
const REMOTE_ENV_NAMES = [
  "SSH_AUTH_SOCK",
  "HTTPS_PROXY",
  "https_proxy",
  "HTTP_PROXY",
  "http_proxy",
  "NO_PROXY",
  "no_proxy",
];

function execGit(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv, options: GitCallOptions) {
  return new Promise<GitResult & { stderr: string }>((resolve, reject) => {
    execFile(
      "git",
      [...GIT_FIXED_ARGS, ...args],
      { cwd, env, maxBuffer: options.maxBytes ?? 16 * 1024 * 1024, timeout: 120_000, encoding: "utf8" },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        if (code === 0 || (options.allowFailure && code !== null)) resolve({ stdout, stderr, code: code ?? 0 });
        else reject(new GitFailure(args, stderr || (error?.message ?? "")));
      },
    );
  });
}

/** The repository's own program-naming settings (filters, merge drivers…), overridden; see git-safety.ts. */
async function repositoryOverrides(cwd: string): Promise<Record<string, string>> {
  // Exit 1: no such key; the listing itself runs nothing.
  const listed = await execGit(cwd, GIT_PROGRAM_LISTING, gitEnv(), { allowFailure: true });
  if (listed.code > 1) throw new GitFailure(GIT_PROGRAM_LISTING, listed.stderr);
  return repositoryOverrideEnv(listed.stdout);
}

/**
 * Runs git with an argv array (never a shell) in `cwd`, with the repository's own hooks,
 * file-system monitor, filters, merge drivers, textconv and signing programs off: a project's
 * post-checkout, pre-commit or smudge filter must not run because Maestro checked out or committed.
 * Output is bounded; git never prompts.
 */
export async function git(cwd: string, args: readonly string[], options: GitCallOptions = {}): Promise<GitResult> {
  const { stdout, code } = await gitWithStderr(cwd, args, options);
  return { stdout, code };
}

/** git(), with what git printed on stderr (a push's or fetch's reason) as well. */
export async function gitWithStderr(
  cwd: string,
  args: readonly string[],
  options: GitCallOptions = {},
): Promise<GitResult & { stderr: string }> {
  const overrides = mayRunConfiguredProgram(args) ? await repositoryOverrides(cwd) : {};
  const env = { ...gitEnv(options.isRemote ? REMOTE_ENV_NAMES : []), ...overrides };
  return execGit(cwd, options.isRemote ? [...REMOTE_ARGS, ...args] : args, env, options);
}

/** git must not prompt (there is no terminal) nor read the server's own GIT_* overrides. */
function gitEnv(extraNames: readonly string[] = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { GIT_TERMINAL_PROMPT: "0" };
  const host = hostEnv();
  for (const name of ["PATH", "HOME", "USER", "LANG", "LC_ALL", "TMPDIR", ...extraNames]) {
    if (host[name] !== undefined) env[name] = host[name];
  }
  return env;
}
