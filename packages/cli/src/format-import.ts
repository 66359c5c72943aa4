import type { ImportPlan } from "@maestro/domain";
import { statusLabel } from "./format";
import type { Output } from "./output";

type Action = ImportPlan["tasks"][number]["action"];

function actionLabel(output: Output, action: Action): string {
  const c = output.colors;
  switch (action) {
    case "create":
      return c.green(action);
    case "update":
      return c.yellow(action);
    case "unchanged":
      return c.dim(action);
  }
}

function summaryLine(plan: ImportPlan, applied: boolean): string {
  const { create, update, unchanged } = plan.counts;
  const words = applied
    ? `${create} created, ${update} updated, ${unchanged} unchanged`
    : `${create} to create, ${update} to update, ${unchanged} unchanged`;
  const where = `${plan.source} → ${plan.projectKey}`;
  return applied ? `Imported ${where}: ${words}` : `Dry run of ${where}: ${words}; nothing was written`;
}

function taskTable(output: Output, plan: ImportPlan): string {
  return output.table(
    plan.tasks,
    [
      { header: "ACTION", value: (task) => actionLabel(output, task.action) },
      { header: "KEY", value: (task) => task.key },
      { header: "SOURCE", value: (task) => task.sourceId, max: 16 },
      { header: "STATUS", value: (task) => statusLabel(output, task.status) },
      { header: "TITLE", value: (task) => task.title, max: 60 },
      { header: "CHANGES", value: (task) => task.changes.join(", "), max: 40 },
    ],
    "no tasks",
  );
}

/** Specs and steering documents, one line each; empty when the import has none. */
function documentLines(output: Output, plan: ImportPlan): string[] {
  const specs = plan.specs.map(
    (spec) =>
      `${actionLabel(output, spec.action)} spec ${spec.slug} (${spec.name}): ${spec.documents.join(", ") || "no document changes"}`,
  );
  const steering = plan.steering.map((doc) => `${actionLabel(output, doc.action)} steering ${doc.name}`);
  return [specs.join("\n"), steering.join("\n")].filter((part) => part !== "");
}

function warningLines(output: Output, plan: ImportPlan): string[] {
  if (plan.warnings.length === 0) return [];
  const lines = plan.warnings.map((warning) => `  ${warning.item}: ${warning.message}`);
  return [[output.colors.yellow(`${plan.warnings.length} warning(s):`), ...lines].join("\n")];
}

const HELD_NOTE =
  "Autopilot is on: the new tasks are created held, so none starts by itself; `maestro task retry <key>` releases one.";

/** The plan as people read it: tasks, specs and steering with their actions, warnings, one summary line. */
export function renderImportPlan(output: Output, plan: ImportPlan, applied: boolean): string {
  return [
    taskTable(output, plan),
    ...documentLines(output, plan),
    ...warningLines(output, plan),
    ...(plan.held ? [HELD_NOTE] : []),
    summaryLine(plan, applied),
  ].join("\n\n");
}
