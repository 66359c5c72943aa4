import type { RouterOutputs } from "@maestro/server";
import type { Output } from "./output";

export type Spec = RouterOutputs["spec"]["byId"];
type SpecSummary = RouterOutputs["spec"]["list"]["items"][number];
type Preview = RouterOutputs["spec"]["tasksPreview"];
type PreviewItem = Preview["items"][number];

const none = "—";

export function reviewLabel(output: Output, state: SpecSummary["phases"][number]["reviewState"]): string {
  const c = output.colors;
  switch (state) {
    case "draft":
      return c.dim("draft");
    case "in_review":
      return c.cyan("in review");
    case "changes_requested":
      return c.yellow("changes requested");
    case "approved":
      return c.green("approved");
  }
}

function phaseCell(output: Output, phase: SpecSummary["phases"][number]): string {
  return phase.version === null
    ? output.colors.dim("none")
    : `v${phase.version} ${reviewLabel(output, phase.reviewState)}`;
}

export function renderSpecTable(
  output: Output,
  specs: readonly SpecSummary[],
  projectKey: (id: string) => string,
): string {
  return output.table(
    specs,
    [
      { header: "SPEC", value: (spec) => `${projectKey(spec.projectId)}/${spec.slug}` },
      { header: "NAME", value: (spec) => spec.name, max: 40 },
      { header: "PHASE", value: (spec) => spec.phase },
      { header: "STATUS", value: (spec) => spec.status },
      { header: "REQUIREMENTS", value: (spec) => phaseCell(output, spec.phases[0]!) },
      { header: "DESIGN", value: (spec) => phaseCell(output, spec.phases[1]!) },
      { header: "TASKS", value: (spec) => phaseCell(output, spec.phases[2]!) },
    ],
    'No specs yet. Start one with: maestro spec create <name> --project <p> --request "…"',
  );
}

function phaseTable(output: Output, spec: Spec): string {
  return output.table(
    spec.phases,
    [
      { header: "PHASE", value: (phase) => phase.phase },
      { header: "VERSION", value: (phase) => (phase.version === null ? none : `v${phase.version}`) },
      { header: "REVIEW", value: (phase) => reviewLabel(output, phase.reviewState) },
      {
        header: "APPROVALS",
        value: (phase) =>
          `${phase.approvals.length}/${phase.requiredApprovals}${phase.approvals.length ? ` (${phase.approvals.map((a) => a.actor).join(", ")})` : ""}`,
      },
      { header: "AUTHOR", value: (phase) => phase.author ?? none },
      { header: "UPDATED", value: (phase) => phase.updatedAt ?? none },
    ],
    "",
  );
}

/** A titled list, preceded by a blank line; nothing when there is nothing to list. */
function section(output: Output, title: string, lines: string[]): string[] {
  return lines.length ? ["", output.colors.bold(title), ...lines] : [];
}

/** What is wrong with the documents (lint, tasks.md), then the reviewers' comments. */
function specNotes(output: Output, spec: Spec): string[] {
  const lint = spec.lint.map(
    (issue) =>
      `  line ${issue.line}${issue.criterionId ? ` [${issue.criterionId}]` : ""}: ${issue.message} (${issue.pattern}) — ${issue.text}`,
  );
  const taskErrors = spec.taskErrors.map((issue) => `  line ${issue.line}: ${issue.message}`);
  const comments = spec.reviews
    .filter((review) => review.comment)
    .map(
      (review) =>
        `  ${review.phase} v${review.version} ${review.kind.replace("_", " ")} by ${review.actor}: ${review.comment}`,
    );
  return [
    ...section(output, `Requirements lint (${lint.length})`, lint),
    ...section(output, `tasks.md problems (${taskErrors.length})`, taskErrors),
    ...section(output, "Comments", comments),
  ];
}

export function renderSpecDetail(output: Output, spec: Spec): string {
  const head = output.details([
    ["spec", output.colors.bold(spec.name)],
    ["slug", spec.slug],
    ["phase", spec.phase],
    ["status", spec.status],
    ["request", spec.request || none],
    ["id", spec.id],
    ["folder", spec.phases[0]!.path.replace(/\/[^/]+$/, "")],
  ]);
  return [head, "", phaseTable(output, spec), ...specNotes(output, spec)].join("\n");
}

function previewLines(output: Output, items: readonly PreviewItem[], depth: number): string[] {
  return items.flatMap((item) => {
    const notes = [
      item.dependsOn.length ? `after ${item.dependsOn.join(", ")}` : "",
      item.requirementIds.length ? `req ${item.requirementIds.join(", ")}` : "",
    ].filter(Boolean);
    const action = item.taskKey ? output.colors.dim(`updates ${item.taskKey}`) : output.colors.green("new");
    const line = `${"  ".repeat(depth)}[${item.isDone ? "x" : " "}] ${item.number} ${item.title}  ${action}${notes.length ? output.colors.dim(`  (${notes.join("; ")})`) : ""}`;
    return [line, ...previewLines(output, item.children, depth + 1)];
  });
}

export function renderTasksPreview(output: Output, preview: Preview): string {
  const lines = previewLines(output, preview.items, 0);
  if (lines.length === 0) lines.push(output.colors.dim("tasks.md has no tasks yet."));
  lines.push("", `${preview.create} to create, ${preview.update} to update`);
  for (const issue of preview.errors) lines.push(output.colors.red(`line ${issue.line}: ${issue.message}`));
  for (const issue of preview.warnings) lines.push(output.colors.yellow(`line ${issue.line}: ${issue.message}`));
  return lines.join("\n");
}
