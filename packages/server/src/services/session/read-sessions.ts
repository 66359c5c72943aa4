import {
  type CostTotals,
  type TaskCost,
  findAgent,
  findSessionLaunch,
  findTaskById,
  listLastLogChunks,
  listLogChunks,
  listSessions as readSessions,
  sumCostsByTask,
  sumProjectCosts,
} from "@maestro/db";
import {
  type ListSessionsInput,
  type LogChunk,
  type Page,
  type Session,
  type SessionCostsInput,
  type SessionRefInput,
  decodeTimeCursor,
  toPage,
  toTimePage,
} from "@maestro/domain";
import type { z } from "zod";
import { requireProject } from "../project/resolve-project";
import { requireTask } from "../task/task-rules";
import type { VerbArgs } from "../unit-of-work";
import { assertMayReadProject, requireSession } from "./session-access";

/** One page of sessions, newest first; an agent sees only its own project's. */
export function listSessions({ ctx, input }: VerbArgs<z.output<typeof ListSessionsInput>>): Page<Session> {
  const db = ctx.database.db;
  const principal = ctx.principal;
  const projectId = input.projectId
    ? requireProject(db, input.projectId).id
    : principal.kind === "agent"
      ? principal.projectId
      : undefined;
  if (projectId) assertMayReadProject(ctx, projectId);
  const taskId = input.taskId ? requireTask(db, input.taskId).id : undefined;
  const fetched = readSessions(db, {
    projectId,
    taskId,
    statuses: input.status,
    endReasons: input.endReason,
    limit: input.limit + 1,
    after: decodeTimeCursor(input.cursor),
  });
  return toTimePage(fetched, input.limit);
}

export function getSession({ ctx, input }: VerbArgs<SessionRefInput>): Session {
  const session = requireSession(ctx.database.db, input.id);
  assertMayReadProject(ctx, session.projectId);
  return session;
}

export function readLog({
  ctx,
  input,
}: VerbArgs<{
  id: string;
  afterSeq: number;
  limit: number;
  tail?: number | undefined;
  maxChars?: number | undefined;
}>): LogChunk[] {
  const session = requireSession(ctx.database.db, input.id);
  if (input.tail !== undefined) return listLastLogChunks(ctx.database.db, session.id, input.tail, input.maxChars);
  return listLogChunks(ctx.database.db, session.id, input.afterSeq, input.limit);
}

/**
 * Cost and tokens for the whole project (saying where a total includes estimates), and a page of
 * them rolled up per task, by task id: one row per task that ran would grow with the project.
 */
export function projectCosts({
  ctx,
  input,
}: VerbArgs<z.output<typeof SessionCostsInput>>): CostTotals & Page<TaskCost> & { projectId: string } {
  const db = ctx.database.db;
  const project = requireProject(db, input.projectId);
  assertMayReadProject(ctx, project.id);
  const fetched = sumCostsByTask(db, project.id, { limit: input.limit + 1, after: input.cursor ?? undefined });
  return {
    projectId: project.id,
    ...sumProjectCosts(db, project.id),
    ...toPage(fetched, input.limit, (last) => last.taskId),
  };
}

export interface Manifest {
  sessionId: string;
  agent: string;
  adapter: string | null;
  argv: string[] | null;
  cwd: string | null;
  /** Names only: the values never leave the agent's process. */
  envNames: string[];
  tasks: string[];
  skills: string[];
  prompt: string;
}

/** What a session was launched with, as the runner reported it. */
export function sessionManifest({ ctx, input }: VerbArgs<SessionRefInput>): Manifest {
  const db = ctx.database.db;
  const session = getSession({ ctx, input });
  const { manifest } = findSessionLaunch(db, session.id)!;
  const profile = findAgent(db, session.agent);
  return {
    sessionId: session.id,
    agent: session.agent,
    adapter: profile?.adapter ?? null,
    argv: manifest?.argv ?? null,
    cwd: session.cwd,
    envNames: manifest?.envNames ?? [],
    tasks: session.taskIds.map((id) => findTaskById(db, id)?.key ?? id),
    skills: profile?.skills ?? [],
    prompt: session.prompt,
  };
}
