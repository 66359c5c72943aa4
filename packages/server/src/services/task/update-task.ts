import { type Db, setTaskDependencies, type TaskPatch } from "@maestro/db";
import { type Task, type UpdateTaskInput, assertTransition, statusTimestamps } from "@maestro/domain";
import type { z } from "zod";
import { assertMayTouchTask } from "../session/session-access";
import { afterTaskBudgetChange } from "../budget/budget-changed";
import { assertAgentMayChange } from "./agent-task-rules";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { assertAcyclic, assertVersion, requireTaskForUpdate, resolveDependencies, resolveParent } from "./task-rules";
import { changeTask, releaseHold } from "./task-writes";

type Input = z.output<typeof UpdateTaskInput>;
type Changes = { patch: TaskPatch; changed: string[] };

const SIMPLE_FIELDS = [
  "title",
  "description",
  "acceptanceCriteria",
  "priority",
  "agent",
  "command",
  "touches",
  "maxAttempts",
  "timeoutSec",
  "stallSec",
  "budgetUsd",
  "budgetTokens",
] as const;

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

/** The patch for the plain fields, and which of them really change. */
function plainChanges(task: Task, input: Input): Changes {
  const patch: Record<string, unknown> = {};
  const changed: string[] = [];
  for (const field of SIMPLE_FIELDS) {
    const value = input[field];
    if (value === undefined || sameValue(value, task[field])) continue;
    patch[field] = value;
    changed.push(field);
  }
  return { patch: patch as TaskPatch, changed };
}

/** A status move: its timestamps, and the end of a stop's hold (moving a task is a person deciding about it). */
function addStatusChange(changes: Changes, task: Task, status: Input["status"]): void {
  if (status === undefined || status === task.status) return;
  assertTransition(task.key, task.status, status);
  Object.assign(changes.patch, { status }, statusTimestamps(task.status, status, task, new Date().toISOString()));
  const release = releaseHold(task);
  Object.assign(changes.patch, release.patch);
  changes.changed.push("status", ...release.changed);
}

async function addParentChange(tx: Db, changes: Changes, task: Task, parentRef: Input["parentId"]): Promise<void> {
  if (parentRef === undefined) return;
  const parentId = await resolveParent(tx, task.projectId, parentRef, task);
  if (parentId === task.parentId) return;
  changes.patch.parentId = parentId;
  changes.changed.push("parentId");
}

/** The task's dependencies after the update (checked for cycles when they change). */
async function nextDependencies(tx: Db, changes: Changes, task: Task, refs: Input["dependsOn"]): Promise<string[]> {
  if (refs === undefined) return task.dependsOn;
  const resolved = await resolveDependencies(tx, task.projectId, refs);
  if (sameSet(resolved, task.dependsOn)) return task.dependsOn;
  await assertAcyclic(tx, task, resolved);
  changes.changed.push("dependsOn");
  return resolved;
}

export async function updateTask({ ctx, input }: VerbArgs<Input>): Promise<Task> {
  return await inTransaction(ctx, async (tx, record) => {
    const task = await requireTaskForUpdate(tx, input.id);
    await assertMayTouchTask(ctx, tx, task);
    assertVersion(task, input.version);
    const changes = plainChanges(task, input);
    addStatusChange(changes, task, input.status);
    await addParentChange(tx, changes, task, input.parentId);
    const dependsOn = await nextDependencies(tx, changes, task, input.dependsOn);
    const { patch, changed } = changes;
    if (changed.length === 0) return task;
    await assertAgentMayChange(ctx, tx, task, { changed, parentId: patch.parentId, dependsOn });
    if (changed.includes("dependsOn")) await setTaskDependencies(tx, task, dependsOn);
    const updated = await changeTask(tx, record, task, patch, changed);
    await afterTaskBudgetChange(tx, record, task, updated);
    return updated;
  });
}
