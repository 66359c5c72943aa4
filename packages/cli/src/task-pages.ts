import { type ListTasksInput, PAGE_LIMIT_MAX, TASK_STATUSES, type TaskStatus } from "@maestro/domain";
import type { CommandContext } from "./command";
import { type Task, keyResolver } from "./format";
import { collectPages, eachPage } from "./pages";

export type TaskFilter = Omit<ListTasksInput, "limit" | "cursor">;

/** A person at a terminal hears how far a long listing is, every this many tasks. */
const PROGRESS_EVERY = 5_000;

/** Tasks a listing looks up one by one for their keys; past this many it reads the whole project. */
const LOOKUPS_MAX = 100;

/** Pages (of 500) of the tasks the filter matches (at most `max` in all), as they come. */
export function taskPages(ctx: CommandContext, filter: TaskFilter, max?: number): AsyncGenerator<Task[]> {
  return eachPage(fetchTaskPages(ctx, filter), max);
}

/** Every task the filter matches (or the first `max`), following pages of 500. */
export async function listAllTasks(ctx: CommandContext, filter: TaskFilter, max?: number): Promise<Task[]> {
  return collectPages(fetchTaskPages(ctx, filter), max);
}

/** Asks for one page of tasks; a person at a terminal hears how far a long listing is. */
function fetchTaskPages(ctx: CommandContext, filter: TaskFilter) {
  const client = ctx.client();
  let fetched = 0;
  let told = 0;
  return async (page: { limit: number; cursor: string | null }) => {
    const answer = await client.task.list.query({ ...filter, ...page });
    fetched += answer.items.length;
    if (ctx.io.isTTY && answer.nextCursor && fetched - told >= PROGRESS_EVERY) {
      told = fetched;
      ctx.io.err(`… ${fetched.toLocaleString("en")} tasks so far`);
    }
    return answer;
  };
}

/**
 * Id → key for the tasks `tasks` name (parents, dependencies): from the listing itself, else
 * looked up (a few), else from the whole project's tasks (many).
 */
export async function taskKeysFor(
  ctx: CommandContext,
  projectId: string,
  tasks: readonly Task[],
): Promise<(id: string | null) => string> {
  const named = tasks.flatMap((task) => [task.parentId, ...task.dependsOn]).filter((id): id is string => !!id);
  return taskKeysOf(ctx, named, [projectId], tasks);
}

/** Id → key for `ids` of tasks in `projectIds`, beyond the tasks already `known`. */
export async function taskKeysOf(
  ctx: CommandContext,
  ids: readonly string[],
  projectIds: readonly string[],
  known: readonly Task[] = [],
): Promise<(id: string | null) => string> {
  const listed = new Set(known.map((task) => task.id));
  const missing = [...new Set(ids)].filter((id) => !listed.has(id));
  if (missing.length === 0) return keyResolver(known);
  if (missing.length > LOOKUPS_MAX) {
    const projects = await Promise.all(projectIds.map((projectId) => listAllTasks(ctx, { projectId })));
    return keyResolver([...known, ...projects.flat()]);
  }
  const client = ctx.client();
  const found = await Promise.all(missing.map((id) => client.task.byId.query({ id }).catch(() => undefined)));
  return keyResolver([...known, ...found.filter((task): task is Task => task !== undefined)]);
}

/** A project's tasks per status, counted page by page so only one page is held at a time. */
export async function countTasksByStatus(ctx: CommandContext, projectId: string): Promise<Record<TaskStatus, number>> {
  const counts = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<TaskStatus, number>;
  let cursor: string | null = null;
  do {
    const page = await ctx.client().task.list.query({ projectId, limit: PAGE_LIMIT_MAX, cursor });
    for (const task of page.items) counts[task.status] += 1;
    cursor = page.nextCursor;
  } while (cursor);
  return counts;
}
