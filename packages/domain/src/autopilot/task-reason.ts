import type { BudgetReached } from "../budget";
import type { SessionStatus } from "../session";
import type { Task } from "../task";

/** Why a task is, or is not, running now. Every variant is specific enough to act on. */
export type TaskReason =
  | { kind: "running"; sessionId: string; status: SessionStatus }
  | { kind: "usage_limit"; sessionId: string; agent: string; until: string | null; account?: string }
  | { kind: "status"; status: Task["status"] }
  | { kind: "failed"; attempts: number; cause?: string | null }
  | { kind: "dependencies"; waitingFor: string[] }
  | { kind: "blocked_by"; failed: string[] }
  | { kind: "subtasks"; open: number }
  | { kind: "no_agent"; agent: string | null }
  | { kind: "autopilot"; state: "off" | "paused"; pauseReason?: string | null }
  | { kind: "budget"; scope: "task" | "project"; key: string; reached: BudgetReached }
  /** A person's (or an agent's) stop holds the task until someone releases it (`key` names it for the command). */
  | { kind: "held"; at: string; by: string; key: string }
  | { kind: "retry_at"; at: string; attempt: number; maxAttempts: number }
  | { kind: "agent_paused"; agent: string; until: string; account?: string }
  | { kind: "overlap"; with: string; pattern: string }
  | { kind: "limit"; scope: "global" | "project" | "agent"; agent: string | null; busy: number; limit: number }
  /** Starting another agent would leave less than the floor free: `freeMb` now, `needsMb` to start. */
  | { kind: "memory"; freeMb: number; needsMb: number }
  | { kind: "starting" };
