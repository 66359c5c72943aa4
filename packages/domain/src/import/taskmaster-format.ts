import type { TaskPriority, TaskStatus } from "../task";

/**
 * Task Master's statuses and priorities against Maestro's, both ways. Import: `deferred` has no
 * Maestro status, so it becomes todo with a warning; an unknown value becomes todo/medium with a
 * warning. Export: `failed` has no Task Master status and is written as `pending` (to do again).
 */
export const TASKMASTER_STATUS_TO_MAESTRO: Readonly<Record<string, TaskStatus>> = {
  pending: "todo",
  "in-progress": "in_progress",
  review: "in_review",
  done: "done",
  deferred: "todo",
  cancelled: "cancelled",
  blocked: "blocked",
};

export const MAESTRO_STATUS_TO_TASKMASTER: Readonly<Record<TaskStatus, string>> = {
  todo: "pending",
  in_progress: "in-progress",
  in_review: "review",
  done: "done",
  blocked: "blocked",
  failed: "pending",
  cancelled: "cancelled",
};

export const TASKMASTER_PRIORITY_TO_MAESTRO: Readonly<Record<string, TaskPriority>> = {
  low: "low",
  medium: "medium",
  high: "high",
  critical: "critical",
};

/** The section a task's `details` become in its Maestro description (and are split off again on export). */
export const DETAILS_HEADING = "## Details";

/** Joins Task Master's description and details into one Markdown description. */
export function joinDescription(description: string, details: string): string {
  const parts = [description.trim(), details.trim() ? `${DETAILS_HEADING}\n\n${details.trim()}` : ""];
  return parts.filter((part) => part !== "").join("\n\n");
}

/** The inverse of joinDescription: the text before the Details section, and the section's body. */
export function splitDescription(text: string): { description: string; details: string } {
  const marker = `${DETAILS_HEADING}\n\n`;
  const at = text.startsWith(marker) ? 0 : text.indexOf(`\n\n${marker}`);
  if (at < 0) return { description: text, details: "" };
  const bodyStart = at === 0 ? marker.length : at + 2 + marker.length;
  return { description: text.slice(0, at).trim(), details: text.slice(bodyStart).trim() };
}

const BULLET = /^\s*(?:[-*+]|\d+[.)])\s+/;

/**
 * A test strategy written as a list becomes one acceptance criterion per item; prose becomes one
 * criterion (export writes criteria back as a `- ` list, so both ways agree).
 */
export function criteriaOfTestStrategy(text: string): string[] {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  if (lines.length === 0) return [];
  if (lines.every((line) => BULLET.test(line))) return lines.map((line) => line.replace(BULLET, "").trim());
  return [text.trim()];
}

export function testStrategyOfCriteria(criteria: readonly string[]): string {
  return criteria.map((criterion) => `- ${criterion}`).join("\n");
}
