import { type DbClient, findSessionById, findSessionIdsByPrefix, listAncestorIds } from "@maestro/db";
import { DomainError, type Session, type Task, notFound } from "@maestro/domain";
import type { Context } from "../../context";

/** Accepts a full id or a unique prefix of at least 6 characters (what the CLI prints). */
export function requireSession(db: DbClient, id: string): Session {
  const session = findSessionById(db, id);
  if (session) return session;
  const matches = id.length >= 6 ? findSessionIdsByPrefix(db, id) : [];
  if (matches.length > 1) {
    throw new DomainError("INVALID_INPUT", `session id "${id}" is ambiguous: give more characters`, { field: "id" });
  }
  const match = matches[0] && findSessionById(db, matches[0]);
  if (!match) throw notFound("session", id);
  return match;
}

/** An agent may touch its own tasks and anything beneath them (subtasks it created). */
export function assertMayTouchTask(ctx: Context, db: DbClient, task: Task): void {
  const principal = ctx.principal;
  if (principal.kind !== "agent") return;
  if (principal.taskIds.includes(task.id)) return;
  if (listAncestorIds(db, task.id).some((id) => principal.taskIds.includes(id))) return;
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
