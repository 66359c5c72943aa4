import { type BudgetReached, type Spend, budgetReason, describeSpend } from "@maestro/domain";
import type { RouterOutputs } from "@maestro/server";
import type { Output } from "./output";

export type Task = RouterOutputs["task"]["byId"];
export type Project = RouterOutputs["project"]["byId"];

const none = "—";

export function statusLabel(output: Output, status: Task["status"]): string {
  const c = output.colors;
  switch (status) {
    case "todo":
      return status;
    case "in_progress":
      return c.cyan(status);
    case "in_review":
      return c.magenta(status);
    case "done":
      return c.green(status);
    case "blocked":
      return c.yellow(status);
    case "failed":
      return c.red(status);
    case "cancelled":
      return c.dim(status);
  }
}

export function keyResolver(tasks: readonly Task[]): (id: string | null) => string {
  const keys = new Map(tasks.map((task) => [task.id, task.key]));
  return (id) => (id ? (keys.get(id) ?? id) : none);
}

export function renderTaskTable(
  output: Output,
  tasks: readonly Task[],
  keyOf: (id: string | null) => string,
  empty: string,
): string {
  return output.table(
    tasks,
    [
      { header: "KEY", value: (task) => task.key },
      { header: "STATUS", value: (task) => statusLabel(output, task.status) },
      { header: "PRIORITY", value: (task) => task.priority },
      { header: "TITLE", value: (task) => task.title, max: 60 },
      { header: "PARENT", value: (task) => keyOf(task.parentId) },
      { header: "DEPENDS ON", value: (task) => task.dependsOn.map(keyOf).join(", ") || none, max: 30 },
    ],
    empty,
  );
}

/** A task a stop holds: who, when, and the command that releases it. */
function heldLine(task: Task): string {
  return `stopped by ${task.heldBy ?? "a person"} at ${task.heldAt}; maestro task retry ${task.key} releases it`;
}

export function renderTaskDetail(
  output: Output,
  task: Task,
  keyOf: (id: string | null) => string,
  spend?: TaskSpendView,
): string {
  const pairs: Array<[string, string]> = [
    ["key", output.colors.bold(task.key)],
    ["title", task.title],
    ["status", statusLabel(output, task.status)],
    ["priority", task.priority],
    ["parent", keyOf(task.parentId)],
    ["depends on", task.dependsOn.map(keyOf).join(", ") || none],
    ["agent", task.agent ?? none],
    ["command", task.command ?? none],
    ["touches", task.touches.join(", ") || none],
    [
      "attempts",
      `${task.failedAttempts} failed${task.maxAttempts ? ` of ${task.maxAttempts} allowed` : ""}${task.retryAt ? `, next at ${task.retryAt}` : ""}`,
    ],
    ...(task.heldAt ? [["held", heldLine(task)] as [string, string]] : []),
    ["stall limit", task.stallSec ? `${task.stallSec} s without output` : "the project's"],
    ...(spend ? [["spend", taskSpendLine(task, spend)] as [string, string]] : []),
    ["version", String(task.version)],
    ["id", task.id],
    ["created", task.createdAt],
    ["updated", task.updatedAt],
  ];
  if (task.startedAt) pairs.push(["started", task.startedAt]);
  if (task.completedAt) pairs.push(["completed", task.completedAt]);
  const sections = [output.details(pairs)];
  if (task.description) sections.push(`\n${task.description}`);
  if (task.acceptanceCriteria.length) {
    sections.push(
      `\n${output.colors.bold("Acceptance criteria")}\n${task.acceptanceCriteria.map((item) => `  - ${item}`).join("\n")}`,
    );
  }
  return sections.join("\n");
}

export function renderProjectTable(output: Output, projects: readonly Project[]): string {
  return output.table(
    projects,
    [
      { header: "KEY", value: (project) => project.key },
      { header: "NAME", value: (project) => project.name, max: 40 },
      { header: "DIRECTORY", value: (project) => project.rootDir, max: 60 },
      { header: "ID", value: (project) => project.id },
    ],
    "No projects yet. Create one with: maestro project create <name> --dir <path>",
  );
}

/** Where and how tasks' work lands, and what runs in their worktrees. */
function landingSettingPairs(settings: Project["settings"]): Array<[string, string]> {
  return [
    ["target branch", settings.targetBranch ?? "— (the branch checked out when worktrees are turned on)"],
    ["land", `${settings.landPolicy} (${settings.landStrategy})`],
    ["checks", settings.checks.length ? settings.checks.map((check) => `\`${check}\``).join(", ") : none],
    ["worktree setup", settings.worktreeSetup ? `\`${settings.worktreeSetup}\`` : none],
    ["remote", settings.remote],
    ["repository", settings.repositoryUrl ?? "— (the project directory)"],
  ];
}

/** What a task needs to print its spend: the total, and the budget that holds it back, if any. */
export interface TaskSpendView extends Spend {
  blockedBy: { scope: "task" | "project"; key: string; reached: BudgetReached } | null;
}

/** "spent $1.20 of $5.00", and the budget that holds the task back when it is another scope's. */
function taskSpendLine(task: Task, spend: TaskSpendView): string {
  const line = describeSpend(spend, task);
  const { blockedBy } = spend;
  if (!blockedBy || (blockedBy.scope === "task" && blockedBy.key === task.key)) return line;
  return `${line}; ${budgetReason(blockedBy.reached)} (${blockedBy.scope} ${blockedBy.key})`;
}

export function renderProjectDetail(
  output: Output,
  project: Project,
  { counts, spend, webhook }: { counts?: Record<string, number>; spend?: Spend; webhook?: string } = {},
): string {
  const pairs: Array<[string, string]> = [
    ["key", output.colors.bold(project.key)],
    ["name", project.name],
    ["directory", project.rootDir],
    ["description", project.description || none],
    ["default agent", project.settings.defaultAgent ?? none],
    ["concurrency", String(project.settings.concurrencyLimit)],
    ["worktrees", project.settings.worktreeMode],
    ...landingSettingPairs(project.settings),
    [
      "attempts",
      `${project.settings.maxAttempts} (retry after ${project.settings.retryBaseSec} s, doubling up to ${project.settings.retryMaxSec} s)`,
    ],
    ["stall limit", `${project.settings.stallSec} s without output (flagged stalled at half)`],
    ...(spend ? [["spend", describeSpend(spend, project.settings)] as [string, string]] : []),
    ...(webhook ? [["webhook", webhook] as [string, string]] : []),
    ["id", project.id],
    ["created", project.createdAt],
  ];
  if (counts) {
    const summary = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([status, n]) => `${n} ${status}`)
      .join(", ");
    pairs.push(["tasks", summary || "none yet"]);
  }
  return output.details(pairs);
}

/** A moment that may be days away (a usage-limit pause), in UTC to the minute: "2026-12-05 07:15 UTC". */
export function utcDateTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
