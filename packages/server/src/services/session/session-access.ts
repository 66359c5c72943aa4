import { type Db, findSessionById, findSessionIdsByPrefix, listAncestorIds } from "@maestro/db";
import { DomainError, type Session, type Task, notFound } from "@maestro/domain";
import type { Context } from "../../context";

/** Accepts a full id or a unique prefix of at least 6 characters (what the CLI prints). */
export async function requireSession(db: Db, id: string): Promise<Session> {
  const session = await findSessionById(db, id);
  if (session) return session;
  const matches = id.length >= 6 ? await findSessionIdsByPrefix(db, id) : [];
  if (matches.length > 1) {
    throw new DomainError("INVALID_INPUT", `session id "${id}" is ambiguous: give more characters`, { field: "id" });
  }
  const match = matches[0] && (await findSessionById(db, matches[0]));
  if (!match) throw notFound("session", id);
  return match;
}

/** A parent session the caller names must exist: the column is a foreign key, so SQLite would refuse it later. */
export async function requireParentSessionId(db: Db, id: string | undefined): Promise<string | null> {
  if (id === undefined) return null;
  if (await findSessionById(db, id)) return id;
  throw new DomainError("NOT_FOUND", `parent session "${id}" not found`, { field: "parentSessionId" });
}

type AgentPrincipal = Extract<Context["principal"], { kind: "agent" }>;

/** Whether the task is one of the session's own tasks or lies beneath one (its subtree). */
export async function isInOwnSubtree(db: Db, principal: AgentPrincipal, taskId: string): Promise<boolean> {
  return principal.taskIds.includes(taskId) || (await isBeneathOwnTasks(db, principal, taskId));
}

/** Whether the task lies strictly beneath one of the session's own tasks (a subtask it made or was given). */
export async function isBeneathOwnTasks(db: Db, principal: AgentPrincipal, taskId: string): Promise<boolean> {
  return (await listAncestorIds(db, taskId)).some((id) => principal.taskIds.includes(id));
}

/** An agent may touch its own tasks and anything beneath them (subtasks it created). */
export async function assertMayTouchTask(ctx: Context, db: Db, task: Task): Promise<void> {
  const principal = ctx.principal;
  if (principal.kind !== "agent") return;
  if (await isInOwnSubtree(db, principal, task.id)) return;
  throw new DomainError("FORBIDDEN", `this session may only change its own tasks and their subtasks, not ${task.key}`);
}

export function assertMayReadProject(ctx: Context, projectId: string): void {
  if (ctx.principal.kind === "agent" && ctx.principal.projectId !== projectId) {
    throw new DomainError("FORBIDDEN", "this session may only read its own project");
  }
}

export function assertOwnSession(ctx: Context, sessionId: string): void {
  if (ctx.principal.kind === "agent" && ctx.principal.sessionId !== sessionId) {
    throw new DomainError("FORBIDDEN", "this session may only act on itself");
  }
}

/** A session may stop itself and the sessions it started (its delegates), nothing else. */
export function assertMayStopSession(ctx: Context, session: Session): void {
  const principal = ctx.principal;
  if (principal.kind !== "agent") return;
  if (session.id === principal.sessionId || session.parentSessionId === principal.sessionId) return;
  throw new DomainError("FORBIDDEN", "this session may only act on itself and the sessions it started");
}
