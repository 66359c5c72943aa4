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

/** The plan as people read it: tasks, specs and steering with their actions, warnings, one summary line. */
export function renderImportPlan(output: Output, plan: ImportPlan, applied: boolean): string {
  const parts = [
    output.table(
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
    ),
  ];
  if (plan.specs.length > 0) {
    const specs = plan.specs.map(
      (spec) =>
        `${actionLabel(output, spec.action)} spec ${spec.slug} (${spec.name}): ${spec.documents.join(", ") || "no document changes"}`,
    );
    parts.push(specs.join("\n"));
  }
  if (plan.steering.length > 0) {
    parts.push(plan.steering.map((doc) => `${actionLabel(output, doc.action)} steering ${doc.name}`).join("\n"));
  }
  if (plan.warnings.length > 0) {
    const c = output.colors;
    parts.push(
      [c.yellow(`${plan.warnings.length} warning(s):`), ...plan.warnings.map((w) => `  ${w.item}: ${w.message}`)].join(
        "\n",
      ),
    );
  }
  if (plan.held) {
    parts.push(
      "Autopilot is on: the new tasks are created held, so none starts by itself; `maestro task retry <key>` releases one.",
    );
  }
  parts.push(summaryLine(plan, applied));
  return parts.join("\n\n");
}
