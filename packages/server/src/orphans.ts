import { readFileSync } from "node:fs";

/**
 * Kills agent process groups left behind by a previous server that died (kill -9, crash).
 * A pid is only trusted when /proc shows it still carries its session's id, so a recycled pid
 * of an unrelated process is never touched.
 */
export function killOrphanedAgents(orphans: ReadonlyArray<{ sessionId: string; pid: number | null }>): number {
  let killed = 0;
  for (const { sessionId, pid } of orphans) {
    if (!pid || !isAgentOf(pid, sessionId)) continue;
    try {
      process.kill(-pid, "SIGKILL");
      killed += 1;
    } catch {
      // Already gone between the check and the kill.
    }
  }
  return killed;
}

function isAgentOf(pid: number, sessionId: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, "latin1").split("\0").includes(`MAESTRO_SESSION_ID=${sessionId}`);
  } catch {
    return false;
  }
}
