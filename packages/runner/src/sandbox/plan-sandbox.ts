import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import type { AgentAdapter, NetworkMode } from "@maestro/domain";
import type { Mount, SandboxPlan } from "./bwrap-args";
import { homeMounts } from "./home-mounts";
import { isUnder, systemMounts, toolchainMounts } from "./toolchain-mounts";

export interface SandboxInput {
  adapter: AgentAdapter;
  network: NetworkMode;
  /** The agent's program (argv[0]), found on the agent's PATH. */
  command: string;
  /** The worktree or project directory: the one place the agent may write (besides its tool's folders). */
  cwd: string;
  /** The agent's environment (HOME and PATH are read). */
  env: Readonly<Record<string, string>>;
  /** Holds the prompt file (and the socket back to Maestro): read-only. */
  sessionDir: string;
  /** $MAESTRO_HOME: hidden, but for the session's own folders. */
  maestroHome: string;
  /** The `maestro` shim's folder, and the install it runs. */
  binDir: string;
  maestroRoot: string | null;
  /** The repository's common git directory (a worktree's commits are written there). */
  gitDir: string | null;
}

/** With the network on, a resolv.conf pointing into /run (systemd-resolved) must still resolve. */
function resolverMounts(network: NetworkMode): Mount[] {
  if (network === "off") return [];
  try {
    const target = realpathSync("/etc/resolv.conf");
    return isUnder(target, "/etc") ? [] : [{ kind: "ro-try", path: dirname(target) }];
  } catch {
    return [];
  }
}

/**
 * The repository's git directory read-write (commits, refs, the worktree's index), but its hooks
 * and config read-only: a hook or a `core.fsmonitor` planted there would run later, outside the
 * sandbox, on the user's own git commands.
 */
function gitMounts(gitDir: string | null): Mount[] {
  if (!gitDir) return [];
  return [
    { kind: "rw", path: gitDir },
    { kind: "ro-try", path: join(gitDir, "hooks") },
    { kind: "ro-try", path: join(gitDir, "config") },
  ];
}

/**
 * What the sandbox shows, in mount order: the system read-only; a private /tmp and an empty home
 * (the tool's own folders bound back); the toolchain and Maestro's CLI read-only; $MAESTRO_HOME
 * hidden; then the working directory and git directory read-write, the session folder read-only.
 */
export function planSandbox(input: SandboxInput): SandboxPlan {
  const { env } = input;
  const hidden = [env.HOME, input.maestroHome, input.cwd, "/tmp"].filter((path): path is string => !!path);
  const mounts: Mount[] = [
    ...systemMounts(),
    ...resolverMounts(input.network),
    { kind: "tmpfs", path: "/tmp" },
    ...homeMounts({ home: env.HOME, adapter: input.adapter, env }),
    ...toolchainMounts({ command: input.command, path: env.PATH, home: env.HOME, hidden }),
    ...(input.maestroRoot ? [{ kind: "ro", path: input.maestroRoot } as const] : []),
    // After every read-only bind: none of them uncovers it again (a $MAESTRO_HOME inside a checkout).
    { kind: "tmpfs", path: input.maestroHome },
    { kind: "ro", path: input.binDir },
    { kind: "rw", path: input.cwd },
    ...gitMounts(input.gitDir),
    { kind: "ro", path: input.sessionDir },
  ];
  return { mounts, network: input.network, cwd: input.cwd };
}

/** The folder a `maestro` CLI runs from: its workspace (a checkout) or its package (an install). */
export function maestroRootOf(maestroBin: string): string {
  const start = dirname(realpathSync(maestroBin));
  let packageDir: string | null = null;
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    if (!packageDir && existsSync(join(dir, "package.json"))) packageDir = dir;
  }
  return packageDir ?? start;
}
