import { readFileSync, readdirSync } from "node:fs";

function readEnviron(pid: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/environ`, "latin1");
  } catch {
    return null;
  }
}

function processGroupOf(pid: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
    return Number.isInteger(pgrp) && pgrp > 1 ? pgrp : null;
  } catch {
    return null;
  }
}

/**
 * Kills what a previous server that died (kill -9, crash) left running of these sessions.
 * Every process that carries `MAESTRO_SESSION_ID=<one of them>` in its environment is found
 * through /proc, whatever pid was stored: an agent spawned just before the crash, whose pid was
 * never recorded, and children whose group leader already exited are found too. A recycled pid
 * of an unrelated process never matches. Returns how many of the sessions had processes left.
 */
export function killOrphanedAgents(orphans: ReadonlyArray<{ sessionId: string }>): number {
  if (orphans.length === 0) return 0;
  const wanted = new Set(orphans.map(({ sessionId }) => `MAESTRO_SESSION_ID=${sessionId}`));
  const ownGroup = processGroupOf(String(process.pid));
  const groups = new Set<number>();
  const found = new Set<string>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return 0;
  }
  for (const pid of entries) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const match = readEnviron(pid)
      ?.split("\0")
      .find((entry) => wanted.has(entry));
    if (!match) continue;
    found.add(match);
    const group = processGroupOf(pid);
    if (group !== null && group !== ownGroup) groups.add(group);
    try {
      process.kill(Number(pid), "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  for (const group of groups) {
    try {
      process.kill(-group, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  return found.size;
}
