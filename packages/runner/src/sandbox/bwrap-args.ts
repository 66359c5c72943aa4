import type { NetworkMode } from "@maestro/domain";

/**
 * One step in building the sandbox's file system, applied in order (a later mount covers an
 * earlier one at or under its path). `-try` binds skip a source that does not exist.
 */
export type Mount =
  | { kind: "ro" | "rw" | "ro-try" | "rw-try"; path: string }
  | { kind: "tmpfs"; path: string }
  | { kind: "symlink"; path: string; target: string };

export interface SandboxPlan {
  mounts: Mount[];
  network: NetworkMode;
  /** The agent's working directory inside the sandbox (the same path as outside). */
  cwd: string;
}

const BIND_FLAGS = { ro: "--ro-bind", rw: "--bind", "ro-try": "--ro-bind-try", "rw-try": "--bind-try" } as const;

function mountArgs(mount: Mount): string[] {
  switch (mount.kind) {
    case "tmpfs":
      return ["--tmpfs", mount.path];
    case "symlink":
      return ["--symlink", mount.target, mount.path];
    default:
      return [BIND_FLAGS[mount.kind], mount.path, mount.path];
  }
}

/**
 * bubblewrap's options for a plan. Its own pid namespace: the agent sees only its own processes
 * (not the runner's /proc/<pid>/environ) and, once bwrap ends, the kernel ends every process in
 * it, setsid escapers included. No --new-session: the runner spawns the agent detached (already a
 * session with no terminal, so no TIOCSTI), and a new session would take the agent out of the
 * process group that Stop signals.
 */
export function toBwrapArgs(plan: SandboxPlan): string[] {
  const args = ["--die-with-parent", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"];
  if (plan.network === "off") args.push("--unshare-net");
  args.push("--dev", "/dev", "--proc", "/proc");
  for (const mount of plan.mounts) args.push(...mountArgs(mount));
  args.push("--chdir", plan.cwd, "--");
  return args;
}
