import { type DbClient, setTaskDependencies } from "@maestro/db";
import { type CreateTaskInput, DomainError, type Task } from "@maestro/domain";
import type { z } from "zod";
import { requireProject } from "../project/resolve-project";
import type { Context } from "../../context";
import { type RecordEvent, type VerbArgs, inTransaction } from "../unit-of-work";
import { assertMayTouchTask } from "../session/session-access";
import { assertAgentMayCreate } from "./agent-task-rules";
import { assertUnderCreatedTasksCap } from "./created-tasks-cap";
import { requireTask, resolveDependencies, resolveParent } from "./task-rules";
import { insertProjectTask, recordTaskCreated } from "./task-writes";

export function createTask({ ctx, input }: VerbArgs<z.output<typeof CreateTaskInput>>): Task {
  return inTransaction(ctx, (tx, record) => insertNewTask(ctx, tx, record, input));
}

/** createTask's work inside a transaction the caller holds (to create a task with something else, atomically). */
export function insertNewTask(
  ctx: Context,
  tx: DbClient,
  record: RecordEvent,
  input: z.output<typeof CreateTaskInput>,
): Task {
  const project = requireProject(tx, input.projectId);
  const parentId = resolveParent(tx, project.id, input.parentId);
  if (ctx.principal.kind === "agent") {
    if (!parentId) {
      throw new DomainError("FORBIDDEN", "an agent session may only create subtasks of its own tasks (pass a parent)");
    }
    assertMayTouchTask(ctx, tx, requireTask(tx, parentId));
    assertUnderCreatedTasksCap(ctx, tx, project.id);
  }
  const dependsOn = resolveDependencies(tx, project.id, input.dependsOn);
  assertAgentMayCreate(ctx, tx, { ...input, dependsOn });
  const { projectId: _projectId, parentId: _parentRef, dependsOn: _dependsOnRefs, ...fields } = input;
  const created = insertProjectTask(tx, project, { ...fields, parentId });
  // A new task has no dependents yet, so its dependencies cannot close a cycle.
  setTaskDependencies(tx, created, dependsOn);
  const task: Task = { ...created, dependsOn };
  recordTaskCreated(record, task);
  return task;
}
