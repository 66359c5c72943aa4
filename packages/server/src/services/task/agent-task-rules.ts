import { type Db, findTaskById } from "@maestro/db";
import { DomainError, type Task } from "@maestro/domain";
import type { Context } from "../../context";
import { isBeneathOwnTasks, isInOwnSubtree } from "../session/session-access";

/**
 * What decides which program runs a task and which files it may take: people choose these, never
 * an agent (a task's `command` runs as a shell command; its `agent` picks the profile autopilot runs).
 */
export const OWNER_ONLY_TASK_FIELDS = ["command", "agent", "touches"] as const;

/** The limits a person put on the session's own tasks: the session may not lift its own time limit, retries or budget. */
const OWN_TASK_LIMIT_FIELDS = ["timeoutSec", "stallSec", "maxAttempts", "budgetUsd", "budgetTokens"] as const;

type AgentPrincipal = Extract<Context["principal"], { kind: "agent" }>;

function ownerOnly(field: string): DomainError {
  return new DomainError("FORBIDDEN", `an agent session may not set ${field}: only people choose a task's ${field}`, {
    field,
  });
}

async function keyOf(db: Db, id: string): Promise<string> {
  return (await findTaskById(db, id))?.key ?? id;
}

/** Dependencies stay inside the session's subtree: an agent may not hold back or release other work. */
async function assertDependenciesInside(db: Db, principal: AgentPrincipal, ids: readonly string[]): Promise<void> {
  let outside: string | undefined;
  for (const id of ids) {
    if (!(await isInOwnSubtree(db, principal, id))) {
      outside = id;
      break;
    }
  }
  if (outside === undefined) return;
  throw new DomainError(
    "FORBIDDEN",
    `an agent session may only relate its tasks to tasks of its own subtree, not ${await keyOf(db, outside)}`,
    { field: "dependsOn" },
  );
}

export interface NewTaskFields {
  agent: string | null;
  command: string | null;
  touches: readonly string[];
  /** Resolved dependency ids. */
  dependsOn: readonly string[];
}

/** On a subtask it creates, an agent leaves command, agent and touches unset and depends only on its own subtree. */
export async function assertAgentMayCreate(ctx: Context, db: Db, fields: NewTaskFields): Promise<void> {
  const principal = ctx.principal;
  if (principal.kind !== "agent") return;
  if (fields.command !== null) throw ownerOnly("command");
  if (fields.agent !== null) throw ownerOnly("agent");
  if (fields.touches.length > 0) throw ownerOnly("touches");
  await assertDependenciesInside(db, principal, fields.dependsOn);
}

export interface TaskChange {
  /** The fields that really change. */
  changed: readonly string[];
  /** The new parent id, when it changes. */
  parentId?: string | null;
  /** The whole dependency set after the change. */
  dependsOn: readonly string[];
}

/** Only a subtask moves, and only beneath the session's own tasks. */
async function assertMoveInside(db: Db, principal: AgentPrincipal, task: Task, parentId: string | null): Promise<void> {
  if (!(await isBeneathOwnTasks(db, principal, task.id))) {
    throw new DomainError(
      "FORBIDDEN",
      `an agent session may only move subtasks of its own tasks, and ${task.key} is not one`,
      {
        field: "parentId",
      },
    );
  }
  if (parentId !== null && (await isInOwnSubtree(db, principal, parentId))) return;
  const where = parentId === null ? "the top level" : await keyOf(db, parentId);
  throw new DomainError(
    "FORBIDDEN",
    `an agent session may only move ${task.key} beneath its own tasks, not to ${where}`,
    {
      field: "parentId",
    },
  );
}

/**
 * An agent's change to a task of its subtree: never command, agent or touches, nor the time limit
 * or attempts of the session's own tasks (those of its subtasks are its to set); a move only
 * within its subtree; dependencies added or removed only among tasks of its subtree.
 */
export async function assertAgentMayChange(ctx: Context, db: Db, task: Task, change: TaskChange): Promise<void> {
  const principal = ctx.principal;
  if (principal.kind !== "agent") return;
  const field = OWNER_ONLY_TASK_FIELDS.find((name) => change.changed.includes(name));
  if (field) throw ownerOnly(field);
  const limit = OWN_TASK_LIMIT_FIELDS.find((name) => change.changed.includes(name));
  if (limit && principal.taskIds.includes(task.id)) {
    throw new DomainError("FORBIDDEN", `an agent session may not change ${limit} of its own task ${task.key}`, {
      field: limit,
    });
  }
  if (change.changed.includes("parentId")) await assertMoveInside(db, principal, task, change.parentId ?? null);
  if (change.changed.includes("dependsOn")) {
    const added = change.dependsOn.filter((id) => !task.dependsOn.includes(id));
    const removed = task.dependsOn.filter((id) => !change.dependsOn.includes(id));
    await assertDependenciesInside(db, principal, [...added, ...removed]);
  }
}
