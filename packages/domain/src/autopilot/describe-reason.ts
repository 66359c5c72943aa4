import { budgetReason } from "../budget";
import type { TaskReason } from "./task-reason";

function list(keys: readonly string[]): string {
  return keys.length <= 1 ? (keys[0] ?? "") : `${keys.slice(0, -1).join(", ")} and ${keys.at(-1)}`;
}

function clock(iso: string): string {
  return new Date(iso).toISOString().slice(11, 16);
}

const mb = (value: number) => Math.round(value).toLocaleString("en-US");

type ReasonOf<K extends TaskReason["kind"]> = Extract<TaskReason, { kind: K }>;

function describeUsageLimit(reason: ReasonOf<"usage_limit">): string {
  const resumes = reason.until ? `; resumes at ${clock(reason.until)} UTC` : "";
  return reason.account
    ? `agent ${reason.agent} waits: usage limit on account ${reason.account}${resumes}`
    : `agent ${reason.agent} hit a usage limit${resumes}`;
}

function describeFailure(reason: ReasonOf<"failed">): string {
  const failed =
    reason.attempts > 0 ? `failed after ${reason.attempts} attempt${reason.attempts === 1 ? "" : "s"}` : "failed";
  return reason.cause ? `${failed}: ${reason.cause}` : failed;
}

function describeAutopilot(reason: ReasonOf<"autopilot">): string {
  if (reason.state === "off") return "ready; autopilot is off (run it, or start autopilot)";
  return reason.pauseReason ? `ready; autopilot is paused (${reason.pauseReason})` : "ready; autopilot is paused";
}

/** One line a person can act on, e.g. "waiting for WEB-3 and WEB-4". Times are in UTC (HH:MM). */
export function describeReason(reason: TaskReason): string {
  switch (reason.kind) {
    case "running":
      return `running (session ${reason.sessionId.slice(0, 8)}, ${reason.status.replace("_", " ")})`;
    case "usage_limit":
      return describeUsageLimit(reason);
    case "status":
      return reason.status === "done" ? "done" : `status is ${reason.status.replace("_", " ")}, not todo`;
    case "failed":
      return describeFailure(reason);
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
      return describeAutopilot(reason);
    case "budget":
      return `${budgetReason(reason.reached)} (${reason.scope === "project" ? "project" : "task"} ${reason.key})`;
    case "held":
      return `held: stopped by ${reason.by} at ${clock(reason.at)} UTC; run maestro task retry ${reason.key} to let autopilot run it`;
    case "retry_at":
      return `retry ${reason.attempt} of ${reason.maxAttempts} at ${clock(reason.at)} UTC`;
    case "agent_paused":
      return `agent ${reason.agent} paused until ${clock(reason.until)} UTC (usage limit${reason.account ? ` on account ${reason.account}` : ""})`;
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
