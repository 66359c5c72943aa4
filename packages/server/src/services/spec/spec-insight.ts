import { findTaskKeys, latestDocument, listSpecTaskLinks, listTasks } from "@maestro/db";
import {
  type SpecRefInput,
  type TaskPlanIssue,
  type TaskPlanItem,
  type TaskPreviewItem,
  type TasksPreview,
  type TasksPreviewInput,
  TRACE_TASKS_SHOWN,
  type Traceability,
  flattenTaskPlan,
  parseRequirements,
  parseTasksMarkdown,
  requirementIds,
} from "@maestro/domain";
import type { VerbArgs } from "../unit-of-work";
import { requireSpec } from "./resolve-spec";

/** What approving tasks.md (or `text`) would create and update, with its problems. */
export async function previewTasks({ ctx, input }: VerbArgs<TasksPreviewInput>): Promise<TasksPreview> {
  const db = ctx.database.db;
  const spec = await requireSpec(db, input.id);
  const plan = parseTasksMarkdown(input.text ?? (await latestDocument(db, spec.id, "tasks"))?.text ?? "");
  const links = await listSpecTaskLinks(db, spec.id);
  // The linked tasks' keys only: the project may hold 100,000 tasks, the spec a few of them.
  const keys = await findTaskKeys(db, [...links.values()]);
  const keyOf = (number: string) => {
    const id = links.get(number);
    return (id && keys.get(id)) ?? null;
  };
  const toPreview = (item: TaskPlanItem, parent: string | null): TaskPreviewItem => ({
    ...item,
    parent,
    taskKey: keyOf(item.number),
    children: item.children.map((child) => toPreview(child, item.number)),
  });
  const items = plan.items.map((item) => toPreview(item, null));
  const all = flattenTaskPlan(plan.items);
  const linked = all.filter((item) => keyOf(item.number) !== null).length;
  return {
    items,
    errors: plan.errors,
    warnings: unknownRequirements(all, (await latestDocument(db, spec.id, "requirements"))?.text),
    create: all.length - linked,
    update: linked,
  };
}

function unknownRequirements(items: readonly TaskPlanItem[], requirements: string | undefined): TaskPlanIssue[] {
  if (requirements === undefined) return [];
  const known = new Set(requirementIds(parseRequirements(requirements)));
  return items.flatMap((item) =>
    item.requirementIds
      .filter((id) => !known.has(id))
      .map((id) => ({
        line: item.line,
        message: `task ${item.number} refers to requirement ${id}, which requirements.md does not have`,
      })),
  );
}

/**
 * Requirement → tasks → status. A task naming criterion 1.2 covers requirement 1 as well, and
 * one naming requirement 1 covers its criteria.
 */
export async function traceSpec({ ctx, input }: VerbArgs<SpecRefInput>): Promise<Traceability> {
  const db = ctx.database.db;
  const spec = await requireSpec(db, input.id);
  const doc = parseRequirements((await latestDocument(db, spec.id, "requirements"))?.text ?? "");
  const tasks = await listTasks(db, { projectId: spec.projectId, specId: spec.id });
  const brief = (task: (typeof tasks)[number]) => ({
    id: task.id,
    key: task.key,
    title: task.title,
    status: task.status,
  });
  const listed = (covering: typeof tasks) => ({
    tasks: covering.slice(0, TRACE_TASKS_SHOWN).map(brief),
    taskCount: covering.length,
  });
  const requirements: Traceability["requirements"] = [];
  const uncovered: string[] = [];
  for (const requirement of doc.requirements) {
    const prefix = `${requirement.id}.`;
    const direct = tasks.filter((task) => task.requirementIds.includes(requirement.id));
    const any = tasks.filter((task) =>
      task.requirementIds.some((id) => id === requirement.id || id.startsWith(prefix)),
    );
    requirements.push({ id: requirement.id, text: requirement.title, kind: "requirement", ...listed(any) });
    if (any.length === 0) uncovered.push(requirement.id);
    for (const criterion of requirement.criteria) {
      const own = tasks.filter((task) => task.requirementIds.includes(criterion.id));
      requirements.push({ id: criterion.id, text: criterion.text, kind: "criterion", ...listed(own) });
      if (own.length === 0 && direct.length === 0) uncovered.push(criterion.id);
    }
  }
  return { requirements, uncovered };
}
