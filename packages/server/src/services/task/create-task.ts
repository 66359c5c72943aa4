import { type Db, setTaskDependencies } from "@maestro/db";
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

export async function createTask({ ctx, input }: VerbArgs<z.output<typeof CreateTaskInput>>): Promise<Task> {
  return await inTransaction(ctx, async (tx, record) => await insertNewTask(ctx, tx, record, input));
}

/** createTask's work inside a transaction the caller holds (to create a task with something else, atomically). */
export async function insertNewTask(
  ctx: Context,
  tx: Db,
  record: RecordEvent,
  input: z.output<typeof CreateTaskInput>,
): Promise<Task> {
  const project = await requireProject(tx, input.projectId);
  const parentId = await resolveParent(tx, project.id, input.parentId);
  if (ctx.principal.kind === "agent") {
    if (!parentId) {
      throw new DomainError("FORBIDDEN", "an agent session may only create subtasks of its own tasks (pass a parent)");
    }
    await assertMayTouchTask(ctx, tx, await requireTask(tx, parentId));
    await assertUnderCreatedTasksCap(ctx, tx, project.id);
  }
  const dependsOn = await resolveDependencies(tx, project.id, input.dependsOn);
  await assertAgentMayCreate(ctx, tx, { ...input, dependsOn });
  const { projectId: _projectId, parentId: _parentRef, dependsOn: _dependsOnRefs, ...fields } = input;
  const created = await insertProjectTask(tx, project, { ...fields, parentId });
  // A new task has no dependents yet, so its dependencies cannot close a cycle.
  await setTaskDependencies(tx, created, dependsOn);
  const task: Task = { ...created, dependsOn };
  recordTaskCreated(record, task);
  return task;
}
