import { type ChildProcessByStdio, spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { type LaunchSpec, type OutputFormat, buildLaunch } from "@maestro/domain";
import type { RouterOutputs } from "@maestro/server";
import { buildAgentEnv } from "./agent-env";
import type { AgentReaper } from "./agent-reaper";
import { repositoryCodexServers } from "./codex-repo-servers";
import { LaunchError } from "./launch-error";
import { startTimeOf } from "./process-group";
import { spawnInSandbox } from "./sandbox/spawn-in-sandbox";
import { discardFreshWorktree, sourceOf, worktreeFor } from "./session-worktree";
import type { Worktree } from "./worktree";

export type Claim = NonNullable<RouterOutputs["runner"]["claim"]>;

export interface LaunchedAgent {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** The agent was spawned detached, so its pid is its process group's id. */
  pgid: number;
  cwd: string;
  worktreePath: string | null;
  branch: string | null;
  /** The commit its branch was cut from (in a worktree, when known). */
  baseCommit: string | null;
  /** What was launched, for the session's manifest: never the variables' values. */
  argv: string[];
  envNames: string[];
  /** How to read its stdout: structured events, or plain text. */
  output: OutputFormat;
  /** When spawn() returned with the process running (epoch ms). */
  spawnedAt: number;
}

export interface LaunchOptions {
  home: string;
  /** Holds the `maestro` shim (see writeMaestroShim). */
  binDir: string;
  /** The runner's environment, filtered by buildAgentEnv. */
  source: Readonly<Record<string, string | undefined>>;
  /** The CLI the shim runs: a sandboxed agent is shown its install, read-only. */
  maestroBin?: string;
  /** Where agents call the server, if not the URL their claim names (a runner with several servers: its bridge). */
  serverUrl?: string;
  /** Told of each agent's group the moment it exists, so no await leaves it unwatched if the runner dies. */
  reaper?: Pick<AgentReaper, "watch">;
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A `maestro` executable for agents' PATH that runs this checkout's CLI with this Node. */
export function writeMaestroShim({ home, maestroBin }: { home: string; maestroBin: string }): string {
  const binDir = join(home, "bin");
  mkdirSync(binDir, { recursive: true });
  const target = join(binDir, "maestro");
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(maestroBin)} "$@"\n`, {
    mode: 0o755,
  });
  // Renamed into place so an agent starting right now never runs a half-written file.
  renameSync(temporary, target);
  return binDir;
}

export { LaunchError } from "./launch-error";

/**
 * Spawn errors of a machine short of processes or open files for a moment (Node reports these, as
 * it does ENOENT and EACCES, after spawn() returns): another try may well start, so they are not
 * the configuration's fault and the session ends `failed`, retried per policy, not `spawn_failed`.
 */
const TRANSIENT_SPAWN_ERRORS = new Set(["EAGAIN", "EMFILE", "ENFILE", "ENOMEM"]);

/** The error a failed spawn of `command` rejects with: a LaunchError unless it may pass. */
export function spawnErrorOf(command: string, error: NodeJS.ErrnoException): Error {
  const message = describeSpawnError(command, error);
  return error.code && TRANSIENT_SPAWN_ERRORS.has(error.code)
    ? new Error(`could not start ${message} (the machine is short of resources; it will be retried)`)
    : new LaunchError(message);
}

function describeSpawnError(command: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ENOENT":
      return command.includes("/")
        ? `${command} does not exist, or its #! interpreter is missing; fix the path in the profile's command`
        : `executable ${command} not found on the runner's PATH; install it or set the profile's command`;
    case "EACCES":
      return `${command} is not executable (permission denied); chmod +x it or set the profile's command`;
    default:
      return `${command}: ${error.message}`;
  }
}

interface SpawnSpec {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  /** A file the agent reads as its stdin (the prompt), or null for an empty stdin. */
  stdinFile: string | null;
  reaper: LaunchOptions["reaper"];
}

/**
 * The agent's stdin: the file itself, opened read-only, so any size reaches it (no argv limit, no
 * pipe to keep fed) and it reads end-of-file at the end.
 */
function openStdin(stdinFile: string | null): number | "ignore" {
  return stdinFile === null ? "ignore" : openSync(stdinFile, "r");
}

/** spawn() forks and execs before it returns, so the runner's copy of the stdin file can go then. */
function spawnWithStdin(command: string, args: string[], { cwd, env, stdinFile }: SpawnSpec): LaunchedAgent["child"] {
  const stdin = openStdin(stdinFile);
  try {
    // A file descriptor as stdin: the child has no stdin stream on this side, as with "ignore".
    return spawn(command, args, { cwd, env, detached: true, stdio: [stdin, "pipe", "pipe"] }) as LaunchedAgent["child"];
  } finally {
    if (typeof stdin === "number") closeSync(stdin);
  }
}

function spawnDetached(spec: SpawnSpec): Promise<Pick<LaunchedAgent, "child" | "spawnedAt">> {
  const [command, ...args] = spec.argv;
  if (!command) return Promise.reject(new LaunchError("the agent's command line is empty; set the profile's command"));
  const child = spawnWithStdin(command, args, spec);
  // spawn() returns once the process has exec'd (or failed to): that is when it started.
  const spawnedAt = Date.now();
  // Watched at once: until this tick ends Node cannot reap it, so its pid is still its own.
  if (child.pid !== undefined) spec.reaper?.watch(child.pid, startTimeOf(child.pid));
  return new Promise((resolve, reject) => {
    child.once("spawn", () => resolve({ child, spawnedAt }));
    // Also keeps a late 'error' (a failed kill) from crashing the runner.
    child.on("error", (error: NodeJS.ErrnoException) => reject(spawnErrorOf(command, error)));
  });
}

/** The agent's environment (also its set-up's and checks'): the runner's filtered by the profile's allowlist, plus its session's. */
export function agentEnvOf(claim: Claim, { binDir, source, serverUrl }: LaunchOptions): Record<string, string> {
  const { session } = claim;
  return buildAgentEnv({
    source,
    allowlist: claim.profile.envAllowlist,
    binDir,
    session: {
      serverUrl: serverUrl ?? claim.serverUrl,
      token: claim.token,
      sessionId: session.id,
      projectId: session.projectId,
      taskIds: session.taskIds,
    },
  });
}

/**
 * The session's directory with the prompt and, when the agent's tool reads one, its MCP config
 * (no secret in it: `maestro mcp` reads the token from the environment; 0600 all the same).
 */
function writeLaunchFiles(claim: Claim, sessionDir: string, cwd: string): LaunchSpec & { promptFile: string } {
  mkdirSync(sessionDir, { recursive: true, mode: 0o700 });
  const promptFile = join(sessionDir, "prompt.md");
  const { prompt, resumeId } = claim.launch;
  writeFileSync(promptFile, prompt, { mode: 0o600 });
  const mcp = { configFile: join(sessionDir, "mcp.json") };
  const repositoryMcpServers = claim.profile.adapter === "codex" ? repositoryCodexServers(cwd) : [];
  const spec = buildLaunch(claim.profile, { promptFile, command: claim.command, resumeId, mcp, repositoryMcpServers });
  if (spec.mcpConfig) writeFileSync(mcp.configFile, JSON.stringify(spec.mcpConfig, null, 2), { mode: 0o600 });
  return { ...spec, promptFile };
}

/**
 * Writes the prompt file into the session's directory and spawns the agent in `cwd`, with the
 * prompt on its stdin when its tool reads it there (never in argv).
 */
async function spawnAgent(
  claim: Claim,
  options: LaunchOptions,
  where: { sessionDir: string; worktree: Worktree | null },
): Promise<LaunchedAgent> {
  const cwd = where.worktree?.path ?? claim.rootDir;
  const { argv, output, stdin, promptFile } = writeLaunchFiles(claim, where.sessionDir, cwd);
  const env = agentEnvOf(claim, options);
  const { home, binDir, maestroBin, source, reaper } = options;
  const stdinFile = stdin === "prompt" ? promptFile : null;
  const spawned = await spawnInSandbox(
    {
      ...{ profile: claim.profile, argv, cwd, env, sessionDir: where.sessionDir },
      session: { serverUrl: options.serverUrl ?? claim.serverUrl, token: claim.token },
      runner: { home, binDir, maestroBin, path: source.PATH },
    },
    (sandboxed, inCwd, withEnv) => spawnDetached({ argv: sandboxed, cwd: inCwd, env: withEnv, stdinFile, reaper }),
  );
  const { child, spawnedAt } = spawned;
  return {
    child,
    pgid: child.pid!,
    cwd,
    worktreePath: where.worktree?.path ?? null,
    branch: where.worktree?.branch ?? null,
    baseCommit: where.worktree?.baseCommit ?? null,
    argv: spawned.argv,
    envNames: Object.keys(env).sort(),
    output,
    spawnedAt,
  };
}

/**
 * Prepares the session's directory (the project's, its worktree, or a new one set up by
 * `setUp`), writes the prompt file and spawns the agent in its own process group. On failure it
 * throws a message meant for the user and leaves nothing behind that it made.
 */
export async function launchAgent(
  claim: Claim,
  options: LaunchOptions,
  setUp: (worktree: Worktree) => Promise<void> = async () => {},
): Promise<LaunchedAgent> {
  const { session } = claim;
  // A project whose repository is elsewhere may have no directory on this machine.
  const remote = sourceOf(claim, options.home);
  if (!remote && !existsSync(claim.rootDir)) {
    throw new LaunchError(`the project directory ${claim.rootDir} does not exist`);
  }
  const { worktree, isFresh, isNew } = await worktreeFor(claim, options.home);
  const sessionDir = join(options.home, "sessions", session.id);
  try {
    if (worktree && isNew) await setUp(worktree);
    return await spawnAgent(claim, options, { sessionDir, worktree });
  } catch (error) {
    rmSync(sessionDir, { recursive: true, force: true });
    if (worktree && isFresh) await discardFreshWorktree(claim, options.home, worktree);
    throw error;
  }
}
