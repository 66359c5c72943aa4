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
const CONTINUATION_INDENT = "  ";

/**
 * A test strategy written as a list becomes one acceptance criterion per item, an item's indented
 * lines part of it; prose becomes one criterion. Export writes criteria back as such a `- ` list
 * (a criterion's further lines indented), so both ways agree.
 */
export function criteriaOfTestStrategy(text: string): string[] {
  const items: string[][] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      items.at(-1)?.push("");
    } else if (BULLET.test(line)) {
      items.push([line.replace(BULLET, "")]);
    } else if (items.length > 0 && /^[ \t]/.test(line)) {
      items.at(-1)!.push(line.startsWith(CONTINUATION_INDENT) ? line.slice(CONTINUATION_INDENT.length) : line.trim());
    } else {
      return text.trim() === "" ? [] : [text.trim()];
    }
  }
  return items.map((lines) => lines.join("\n").trim());
}

export function testStrategyOfCriteria(criteria: readonly string[]): string {
  const indented = (line: string) => (line === "" ? "" : `${CONTINUATION_INDENT}${line}`);
  return criteria
    .map((criterion) => {
      const [first, ...rest] = criterion.split("\n");
      return [`- ${first}`, ...rest.map(indented)].join("\n");
    })
    .join("\n");
}
