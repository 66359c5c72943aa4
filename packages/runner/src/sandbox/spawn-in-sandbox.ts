import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { AgentProfile } from "@maestro/domain";
import { git } from "../git";
import { toBwrapArgs } from "./bwrap-args";
import { maestroRootOf, planSandbox } from "./plan-sandbox";
import { type SocketBridge, openSocketBridge } from "./socket-bridge";
import { findOnPath } from "./toolchain-mounts";

export const BWRAP_MISSING = "bubblewrap is not installed: apt-get install bubblewrap";

export interface SandboxRequest {
  profile: Pick<AgentProfile, "adapter" | "sandbox" | "network">;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  sessionDir: string;
  /** Where the agent's calls go, and the session token the socket bridge accepts. */
  session: { serverUrl: string; token: string };
  runner: { home: string; binDir: string; maestroBin?: string; path: string | undefined };
}

type Spawn<T> = (argv: string[], cwd: string, env: Record<string, string>) => Promise<T>;

/** The repository's common git directory (a worktree's own .git is only a pointer to it). */
async function gitDirOf(cwd: string): Promise<string | null> {
  const found = await git(cwd, ["rev-parse", "--git-common-dir"], { allowFailure: true }).catch(() => null);
  if (!found || found.code !== 0) return null;
  const dir = found.stdout.trim();
  const gitDir = isAbsolute(dir) ? dir : resolve(cwd, dir);
  try {
    // Bound read-only in the sandbox: made now, so the agent cannot create it writable.
    mkdirSync(join(gitDir, "hooks"), { recursive: true });
  } catch {
    // Not writable by this user: then not by the agent either.
  }
  return gitDir;
}

/** bwrap's argv and the agent's environment inside it (MAESTRO_URL on the socket when offline). */
async function sandboxLaunch(request: SandboxRequest, bwrap: string, socketPath: string | null) {
  const { profile, argv, cwd, env, sessionDir, runner } = request;
  const plan = planSandbox({
    adapter: profile.adapter,
    network: profile.network,
    command: argv[0] ?? "",
    cwd,
    env,
    sessionDir,
    maestroHome: runner.home,
    binDir: runner.binDir,
    maestroRoot: runner.maestroBin ? maestroRootOf(runner.maestroBin) : null,
    gitDir: await gitDirOf(cwd),
  });
  const inside = { ...env, TMPDIR: "/tmp", ...(socketPath ? { MAESTRO_URL: `unix:${socketPath}` } : {}) };
  return { argv: [bwrap, ...toBwrapArgs(plan), ...argv], env: inside };
}

/**
 * Spawns the agent as asked, or under bubblewrap when its profile says so (never unsandboxed
 * then: a missing bwrap fails the launch). With the network off, a socket bridge in the session
 * folder carries its calls to Maestro until it exits.
 */
export async function spawnInSandbox<T extends { child: ChildProcess }>(
  request: SandboxRequest,
  spawn: Spawn<T>,
): Promise<T & { argv: string[] }> {
  const { profile, argv, cwd, env } = request;
  if (profile.sandbox === "none") return { ...(await spawn(argv, cwd, env)), argv };
  const bwrap = findOnPath("bwrap", request.runner.path);
  if (!bwrap) throw new Error(BWRAP_MISSING);
  const socketPath = profile.network === "off" ? join(request.sessionDir, "maestro.sock") : null;
  let bridge: SocketBridge | null = null;
  try {
    if (socketPath) bridge = await openSocketBridge({ socketPath, ...request.session });
    const wrapped = await sandboxLaunch(request, bwrap, socketPath);
    const spawned = await spawn(wrapped.argv, cwd, wrapped.env);
    spawned.child.once("close", () => void bridge?.close());
    return { ...spawned, argv: wrapped.argv };
  } catch (error) {
    await bridge?.close();
    throw error;
  }
}
