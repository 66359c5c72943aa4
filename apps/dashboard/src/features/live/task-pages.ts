import { type ListTasksInput, type Page, type Task, taskMatchesSearch } from "@maestro/domain";
import type { InfiniteData } from "@tanstack/react-query";
import { type CachedPages, pagesOf, withPages } from "./page-cache";

/*
 * Live updates of cached `task.list` pages. The server lists tasks by (rank, number) and pages
 * with a keyset cursor, so a task is put into loaded pages only where the next page could not
 * bring it again: before the last loaded task, or anywhere once the last page is in.
 */

/** The server's order of `task.list`: rank, then the number in the key. */
export function compareTaskOrder(a: Task, b: Task): number {
  return a.rank - b.rank || keyNumber(a.key) - keyNumber(b.key);
}

function keyNumber(key: string): number {
  return Number(key.slice(key.lastIndexOf("-") + 1)) || 0;
}

/** What the dashboard's `task.list` queries filter on (ids, never keys). */
export type TaskListFilter = Pick<ListTasksInput, "projectId" | "status" | "ready" | "parentId" | "q">;

/**
 * Whether a task belongs in a list with this filter; null when only the server can say
 * (readiness depends on other tasks; where a matching task goes in a search's pages depends on
 * how far the server's bounded scan got), and such a list is refetched instead of patched.
 */
export function belongsInList(filter: TaskListFilter, task: Task): boolean | null {
  if (filter.projectId !== task.projectId) return false;
  if (filter.ready) return null;
  const statuses = filter.status === undefined ? undefined : [filter.status].flat();
  if (statuses && !statuses.includes(task.status)) return false;
  if (filter.parentId !== undefined && filter.parentId !== task.parentId) return false;
  const q = filter.q?.trim();
  if (!q) return true;
  return taskMatchesSearch(task, q) ? null : false;
}

/**
 * The pages with `task` stored: an older copy never replaces a newer one; a task that no longer
 * matches the list leaves it; one that matches goes where the order puts it, if that is inside
 * what is loaded (else a later page brings it).
 */
export function storeTaskInPages(
  data: CachedPages<Task> | undefined,
  task: Task,
  belongs: boolean,
): CachedPages<Task> | undefined {
  if (!data) return undefined;
  const pages = pagesOf(data);
  const current = pages.flatMap((page) => page.items).find((item) => item.id === task.id);
  if (current && current.version > task.version) return data;
  const without = current
    ? pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== task.id) }))
    : pages;
  if (!belongs) return current ? withPages(data, without) : data;
  const target = pageFor(without, task);
  if (target === -1) return current ? withPages(data, without) : data;
  return withPages(
    data,
    without.map((page, i) => (i === target ? { ...page, items: insertSorted(page.items, task) } : page)),
  );
}

/** The index of the loaded page a task belongs in, or -1 when it sorts after everything loaded. */
function pageFor(pages: ReadonlyArray<{ items: Task[]; nextCursor: string | null }>, task: Task): number {
  for (let i = 0; i < pages.length; i++) {
    const last = pages[i]!.items.at(-1);
    if (last && compareTaskOrder(task, last) < 0) return i;
  }
  const lastPage = pages.at(-1);
  return lastPage && lastPage.nextCursor === null ? pages.length - 1 : -1;
}

function insertSorted(items: readonly Task[], task: Task): Task[] {
  const at = items.findIndex((item) => compareTaskOrder(task, item) < 0);
  return at === -1 ? [...items, task] : [...items.slice(0, at), task, ...items.slice(at)];
}

/** The pages without a deleted task. */
export function dropTaskFromPages(data: CachedPages<Task> | undefined, taskId: string): CachedPages<Task> | undefined {
  if (!data) return undefined;
  const pages = pagesOf(data);
  if (!pages.some((page) => page.items.some((item) => item.id === taskId))) return data;
  return withPages(
    data,
    pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== taskId) })),
  );
}

/** Every task in the loaded pages, newest copy of each, in the server's order. */
export function tasksOfPages(lists: ReadonlyArray<CachedPages<Task> | undefined>): Task[] {
  const byId = new Map<string, Task>();
  for (const list of lists) {
    if (!list) continue;
    for (const page of pagesOf(list)) {
      for (const task of page.items) {
        const known = byId.get(task.id);
        if (!known || known.version < task.version) byId.set(task.id, task);
      }
    }
  }
  return [...byId.values()].sort(compareTaskOrder);
}

/**
 * The loaded pages' tasks in order, each once: a task that moved from before a page's cursor to
 * after it can come again with the next page (the server's keyset pages); its later copy wins.
 */
export function loadedTasks(data: InfiniteData<Page<Task>> | undefined): Task[] {
  const items = data?.pages.flatMap((page) => page.items) ?? [];
  const lastAt = new Map(items.map((task, at) => [task.id, at]));
  return items.filter((task, at) => lastAt.get(task.id) === at);
}
