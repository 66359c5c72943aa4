import type { Task, UpdateTaskInput } from "@maestro/domain";

/** The editable part of a task, as the panel's form holds it. */
export interface TaskDraft {
  title: string;
  description: string;
  acceptanceCriteria: string[];
  priority: Task["priority"];
  status: Task["status"];
  parentId: string | null;
  dependsOn: string[];
}

export type TaskChanges = Omit<UpdateTaskInput, "id" | "version">;

export function toDraft(task: Task): TaskDraft {
  return {
    title: task.title,
    description: task.description,
    acceptanceCriteria: [...task.acceptanceCriteria],
    priority: task.priority,
    status: task.status,
    parentId: task.parentId,
    dependsOn: [...task.dependsOn],
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

/**
 * Only the fields the user really changed, so a save does not rewrite (and version-bump) what
 * someone else may be editing. Blank acceptance criteria are dropped.
 */
export function draftChanges(base: Task, draft: TaskDraft): TaskChanges {
  const changes: TaskChanges = {};
  const criteria = draft.acceptanceCriteria.map((item) => item.trim()).filter(Boolean);
  if (draft.title !== base.title) changes.title = draft.title;
  if (draft.description !== base.description) changes.description = draft.description;
  if (!sameList(criteria, base.acceptanceCriteria)) changes.acceptanceCriteria = criteria;
  if (draft.priority !== base.priority) changes.priority = draft.priority;
  if (draft.status !== base.status) changes.status = draft.status;
  if (draft.parentId !== base.parentId) changes.parentId = draft.parentId;
  if (!sameSet(draft.dependsOn, base.dependsOn)) changes.dependsOn = draft.dependsOn;
  return changes;
}
