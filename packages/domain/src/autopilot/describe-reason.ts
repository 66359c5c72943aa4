import { budgetReason } from "../budget";
import { IMPORT_HOLDER } from "../import/bundle";
import type { TaskReason } from "./task-reason";

function list(keys: readonly string[]): string {
  return keys.length <= 1 ? (keys[0] ?? "") : `${keys.slice(0, -1).join(", ")} and ${keys.at(-1)}`;
}

/** "14:00" on the day of `now` (UTC), else "2026-12-12 14:00": a usage-limit pause may last days. */
function clock(iso: string, now: number): string {
  const at = new Date(iso).toISOString();
  const isToday = at.slice(0, 10) === new Date(now).toISOString().slice(0, 10);
  return isToday ? at.slice(11, 16) : `${at.slice(0, 10)} ${at.slice(11, 16)}`;
}

const mb = (value: number) => Math.round(value).toLocaleString("en-US");

/**
 * One line a person can act on, e.g. "waiting for WEB-3 and WEB-4". Times are in UTC (HH:MM),
 * with the date when not on the day of `now` (an options object, so `.map(describeReason)`
 * cannot pass an index for it).
 */
export function describeReason(reason: TaskReason, { now = Date.now() }: { now?: number } = {}): string {
  switch (reason.kind) {
    case "running":
      return `running (session ${reason.sessionId.slice(0, 8)}, ${reason.status.replace("_", " ")})`;
    case "usage_limit": {
      const resumes = reason.until ? `; resumes at ${clock(reason.until, now)} UTC` : "";
      return reason.account
        ? `agent ${reason.agent} waits: usage limit on account ${reason.account}${resumes}`
        : `agent ${reason.agent} hit a usage limit${resumes}`;
    }
    case "status":
      return reason.status === "done" ? "done" : `status is ${reason.status.replace("_", " ")}, not todo`;
    case "failed": {
      const failed =
        reason.attempts > 0 ? `failed after ${reason.attempts} attempt${reason.attempts === 1 ? "" : "s"}` : "failed";
      return reason.cause ? `${failed}: ${reason.cause}` : failed;
    }
    case "dependencies":
      return `waiting for ${list(reason.waitingFor)}`;
    case "blocked_by":
      return `blocked: ${list(reason.failed)} failed`;
    case "subtasks":
      return reason.open > 0
        ? `runs through its ${reason.open} open subtask${reason.open === 1 ? "" : "s"}`
        : "a parent task: its subtasks run, not it";
    case "no_agent":
      return reason.agent
        ? `agent ${reason.agent} does not exist`
        : "no agent: set the task's agent or the project's default";
    case "autopilot":
      if (reason.state === "off") return "ready; autopilot is off (run it, or start autopilot)";
      return reason.pauseReason ? `ready; autopilot is paused (${reason.pauseReason})` : "ready; autopilot is paused";
    case "budget":
      return `${budgetReason(reason.reached)} (${reason.scope === "project" ? "project" : "task"} ${reason.key})`;
    case "held":
      if (reason.by === IMPORT_HOLDER) {
        return `held: imported at ${clock(reason.at, now)} UTC while autopilot was on; run maestro task retry ${reason.key} to let autopilot run it`;
      }
      return `held: stopped by ${reason.by} at ${clock(reason.at, now)} UTC; run maestro task retry ${reason.key} to let autopilot run it`;
    case "retry_at":
      return `retry ${reason.attempt} of ${reason.maxAttempts} at ${clock(reason.at, now)} UTC`;
    case "agent_paused":
      return `agent ${reason.agent} paused until ${clock(reason.until, now)} UTC (usage limit${reason.account ? ` on account ${reason.account}` : ""})`;
    case "overlap":
      return `overlaps files with ${reason.with} (running): ${reason.pattern}`;
    case "limit":
      return reason.scope === "agent"
        ? `concurrency limit of agent ${reason.agent} (${reason.busy}/${reason.limit} busy)`
        : `${reason.scope} concurrency limit (${reason.busy}/${reason.limit} busy)`;
    case "memory":
      return `waiting for memory: ${mb(reason.freeMb)} MB free, needs ${mb(reason.needsMb)}`;
    case "starting":
      return "starting now";
  }
}
