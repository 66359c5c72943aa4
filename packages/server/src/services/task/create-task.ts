import { type DbClient, allocateTaskNumber, insertTask, nextTaskRank, setTaskDependencies } from "@maestro/db";
import { type CreateTaskInput, DomainError, type Task, statusTimestamps } from "@maestro/domain";
import type { z } from "zod";
import { requireProject } from "../project/resolve-project";
import type { Context } from "../../context";
import { type RecordEvent, type VerbArgs, inTransaction } from "../unit-of-work";
import { assertMayTouchTask } from "../session/session-access";
import { requireTask, resolveDependencies, resolveParent } from "./task-rules";

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
  }
  const dependsOn = resolveDependencies(tx, project.id, input.dependsOn);
  const now = new Date();
  const number = allocateTaskNumber(tx, project.id);
  const created = insertTask(
    tx,
    {
      projectId: project.id,
      projectKey: project.key,
      number,
      parentId,
      title: input.title,
      description: input.description,
      acceptanceCriteria: input.acceptanceCriteria,
      status: input.status,
      priority: input.priority,
      agent: input.agent,
      command: input.command,
      touches: input.touches,
      specId: null,
      requirementIds: [],
      maxAttempts: input.maxAttempts,
      timeoutSec: input.timeoutSec,
      rank: nextTaskRank(tx, project.id),
      ...statusTimestamps("todo", input.status, { startedAt: null, completedAt: null }, now.toISOString()),
    },
    now,
  );
  // A new task has no dependents yet, so its dependencies cannot close a cycle.
  setTaskDependencies(tx, created, dependsOn);
  const task: Task = { ...created, dependsOn };
  record({ kind: "task.created", entity: "task", entityId: task.id, projectId: task.projectId, payload: { task } });
  return task;
}
