import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";

const HAS_PROC = existsSync("/proc/self/stat");

function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * State letter, process group and start time (clock ticks after boot, field 22) from
 * /proc/<pid>/stat; the name in parentheses may hold spaces.
 */
function readStat(pid: number | string): { state: string; pgrp: number; startTime: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", pgrp: Number(fields[2]), startTime: fields[19] ?? "" };
  } catch {
    return undefined;
  }
}

/**
 * When a process started (clock ticks after boot), or null without /proc or once it is gone:
 * with its pid, it names that one process, so a pid the kernel gave to another is told apart.
 */
export function startTimeOf(pid: number): string | null {
  return (HAS_PROC && readStat(pid)?.startTime) || null;
}

const isRunning = (stat: { state: string }) => stat.state !== "Z" && stat.state !== "X";

/**
 * Whether a process (or process group, for a negative pid) still exists and is not a zombie.
 * A zombie has already ended; it only waits to be reaped, which a container's init may do late.
 */
export function isAlive(pid: number): boolean {
  if (!exists(pid)) return false;
  if (!HAS_PROC) return true;
  if (pid > 0) {
    const stat = readStat(pid);
    return stat ? isRunning(stat) : exists(pid);
  }
  return readdirSync("/proc").some((name) => {
    if (!/^\d+$/.test(name)) return false;
    const stat = readStat(name);
    return stat !== undefined && stat.pgrp === -pid && isRunning(stat);
  });
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

async function waitUntilGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(-pgid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return !isAlive(-pgid);
}

export interface StopResult {
  /** How the group ended: it left on SIGTERM, or needed SIGKILL. */
  outcome: "already_gone" | "terminated" | "killed";
}

/**
 * Stops a whole process group (an agent and everything it started): SIGTERM, a grace period,
 * then SIGKILL. The agent must have been spawned with `detached: true` so its pid is the pgid.
 */
export async function stopProcessGroup(
  pgid: number,
  { graceMs = 5_000 }: { graceMs?: number } = {},
): Promise<StopResult> {
  if (!isAlive(-pgid)) return { outcome: "already_gone" };
  signalGroup(pgid, "SIGTERM");
  // A stopped (SIGSTOP, hung) agent only sees SIGTERM once continued: without this it could
  // never clean up, and would always wait out the grace period for SIGKILL.
  signalGroup(pgid, "SIGCONT");
  if (await waitUntilGone(pgid, graceMs)) return { outcome: "terminated" };
  signalGroup(pgid, "SIGKILL");
  await waitUntilGone(pgid, 2_000);
  return { outcome: "killed" };
}

/** The pgid of a child spawned with `detached: true`. */
export function groupOf(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error("the process did not start");
  return child.pid;
}
