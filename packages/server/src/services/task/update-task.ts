import { setTaskDependencies, type TaskPatch } from "@maestro/db";
import { type Task, type UpdateTaskInput, assertTransition, statusTimestamps } from "@maestro/domain";
import type { z } from "zod";
import { assertMayTouchTask } from "../session/session-access";
import { afterTaskBudgetChange } from "../budget/budget-changed";
import { assertAgentMayChange } from "./agent-task-rules";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { assertAcyclic, assertVersion, requireTask, resolveDependencies, resolveParent } from "./task-rules";
import { changeTask, releaseHold } from "./task-writes";

type Input = z.output<typeof UpdateTaskInput>;

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
function plainChanges(task: Task, input: Input): { patch: TaskPatch; changed: string[] } {
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

export function updateTask({ ctx, input }: VerbArgs<Input>): Task {
  return inTransaction(ctx, (tx, record) => {
    const task = requireTask(tx, input.id);
    assertMayTouchTask(ctx, tx, task);
    assertVersion(task, input.version);
    const { patch, changed } = plainChanges(task, input);
    if (input.status !== undefined && input.status !== task.status) {
      assertTransition(task.key, task.status, input.status);
      Object.assign(
        patch,
        { status: input.status },
        statusTimestamps(task.status, input.status, task, new Date().toISOString()),
      );
      // Moving a task is a person deciding about it: a hold from a stop ends with it.
      const release = releaseHold(task);
      Object.assign(patch, release.patch);
      changed.push("status", ...release.changed);
    }
    if (input.parentId !== undefined) {
      const parentId = resolveParent(tx, task.projectId, input.parentId, task);
      if (parentId !== task.parentId) {
        patch.parentId = parentId;
        changed.push("parentId");
      }
    }
    let dependsOn = task.dependsOn;
    if (input.dependsOn !== undefined) {
      const resolved = resolveDependencies(tx, task.projectId, input.dependsOn);
      if (!sameSet(resolved, task.dependsOn)) {
        assertAcyclic(tx, task, resolved);
        dependsOn = resolved;
        changed.push("dependsOn");
      }
    }
    if (changed.length === 0) return task;
    assertAgentMayChange(ctx, tx, task, { changed, parentId: patch.parentId, dependsOn });
    if (changed.includes("dependsOn")) setTaskDependencies(tx, task, dependsOn);
    const updated = changeTask(tx, record, task, patch, changed);
    afterTaskBudgetChange(tx, record, task, updated);
    return updated;
  });
}
