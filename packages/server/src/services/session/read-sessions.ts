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
  encodeTimeCursor,
  toPage,
  toTimePage,
} from "@maestro/domain";
import type { z } from "zod";
import { requireProject } from "../project/resolve-project";
import { requireTask } from "../task/task-rules";
import { withinPageBytes } from "../page-bytes";
import type { VerbArgs } from "../unit-of-work";
import { assertMayReadProject, requireSession } from "./session-access";

/** One page of sessions, newest first; an agent sees only its own project's. */
export async function listSessions({
  ctx,
  input,
}: VerbArgs<z.output<typeof ListSessionsInput>>): Promise<Page<Session>> {
  const db = ctx.database.db;
  const principal = ctx.principal;
  const projectId = input.projectId
    ? (await requireProject(db, input.projectId)).id
    : principal.kind === "agent"
      ? principal.projectId
      : undefined;
  if (projectId) assertMayReadProject(ctx, projectId);
  const taskId = input.taskId ? (await requireTask(db, input.taskId)).id : undefined;
  const fetched = await readSessions(db, {
    projectId,
    taskId,
    statuses: input.status,
    endReasons: input.endReason,
    limit: input.limit + 1,
    after: decodeTimeCursor(input.cursor),
  });
  // A session carries its whole prompt (steering, task descriptions): a page ends at its bytes too.
  return withinPageBytes(toTimePage(fetched, input.limit), encodeTimeCursor);
}

export async function getSession({ ctx, input }: VerbArgs<SessionRefInput>): Promise<Session> {
  const session = await requireSession(ctx.database.db, input.id);
  assertMayReadProject(ctx, session.projectId);
  return session;
}

export async function readLog({
  ctx,
  input,
}: VerbArgs<{
  id: string;
  afterSeq: number;
  limit: number;
  tail?: number | undefined;
  maxChars?: number | undefined;
}>): Promise<LogChunk[]> {
  const session = await requireSession(ctx.database.db, input.id);
  if (input.tail !== undefined) {
    const maxChars = Math.min(input.maxChars ?? LOG_ANSWER_CHARS, LOG_ANSWER_CHARS);
    const tail = await listLastLogChunks(ctx.database.db, session.id, input.tail, maxChars);
    return tail.slice(tail.length - withinAnswer(tail.toReversed()));
  }
  const page = await listLogChunks(ctx.database.db, session.id, input.afterSeq, input.limit, LOG_ANSWER_CHARS);
  return page.slice(0, withinAnswer(page));
}

/**
 * Characters of output one `session.log` answer holds at most (5,000 chunks of up to 64K each would
 * be 320 MB): a page may end before `limit`, and the next starts after its last seq. Over 264K, so
 * the dashboard's pages of 200K characters always see a following chunk when an answer was cut.
 */
const LOG_ANSWER_CHARS = 400_000;
/** JSON bytes one answer holds at most: text full of escapes (colours) takes up to 6 per character. */
const LOG_ANSWER_BYTES = 900_000;
/** A chunk's JSON besides its text: session id, seq, stream, time. */
const CHUNK_OVERHEAD_BYTES = 128;

/** How many of `chunks`, from the first, fit in one answer's bytes (always at least one). */
function withinAnswer(chunks: readonly LogChunk[]): number {
  let bytes = 0;
  for (const [index, chunk] of chunks.entries()) {
    bytes += Buffer.byteLength(JSON.stringify(chunk.text)) + CHUNK_OVERHEAD_BYTES;
    if (bytes > LOG_ANSWER_BYTES && index > 0) return index;
  }
  return chunks.length;
}

/**
 * Cost and tokens for the whole project (saying where a total includes estimates), and a page of
 * them rolled up per task, by task id: one row per task that ran would grow with the project.
 */
export async function projectCosts({
  ctx,
  input,
}: VerbArgs<z.output<typeof SessionCostsInput>>): Promise<CostTotals & Page<TaskCost> & { projectId: string }> {
  const db = ctx.database.db;
  const project = await requireProject(db, input.projectId);
  assertMayReadProject(ctx, project.id);
  const fetched = await sumCostsByTask(db, project.id, { limit: input.limit + 1, after: input.cursor ?? undefined });
  return {
    projectId: project.id,
    ...(await sumProjectCosts(db, project.id)),
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
export async function sessionManifest({ ctx, input }: VerbArgs<SessionRefInput>): Promise<Manifest> {
  const db = ctx.database.db;
  const session = await getSession({ ctx, input });
  const { manifest } = (await findSessionLaunch(db, session.id))!;
  const profile = await findAgent(db, session.agent);
  return {
    sessionId: session.id,
    agent: session.agent,
    adapter: profile?.adapter ?? null,
    argv: manifest?.argv ?? null,
    cwd: session.cwd,
    envNames: manifest?.envNames ?? [],
    tasks: await Promise.all(session.taskIds.map(async (id) => (await findTaskById(db, id))?.key ?? id)),
    skills: profile?.skills ?? [],
    prompt: session.prompt,
  };
}
