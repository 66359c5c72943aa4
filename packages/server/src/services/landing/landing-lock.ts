import type { Store } from "@maestro/db";

/** Per database (one per server), the tail of each project's chain of landings. */
const chains = new WeakMap<Store, Map<string, Promise<unknown>>>();

/**
 * Runs `fn` after every landing of the project queued before it: one landing at a time per
 * project, whoever asks (the lander's loop or `task land`). The ref's compare-and-swap still
 * guards against writers outside this server.
 */
export function withProjectLock<T>(database: Store, projectId: string, fn: () => Promise<T>): Promise<T> {
  let projects = chains.get(database);
  if (!projects) chains.set(database, (projects = new Map()));
  const previous = projects.get(projectId) ?? Promise.resolve();
  const result = previous.then(fn, fn);
  const tail = result.catch(() => {});
  projects.set(projectId, tail);
  void tail.then(() => {
    if (projects.get(projectId) === tail) projects.delete(projectId);
  });
  return result;
}

/** Per database, what runs after a landing without holding the next one up (worktree clean-up). */
const background = new WeakMap<Store, Set<Promise<unknown>>>();

/** Runs `work` without anyone waiting for it, but where `settleBackground` can. */
export function runInBackground(database: Store, work: Promise<unknown>): void {
  let pending = background.get(database);
  if (!pending) background.set(database, (pending = new Set()));
  const tracked = work.catch(() => {}).finally(() => pending.delete(tracked));
  pending.add(tracked);
}

/** Resolves once everything started in the background has finished (the server is closing). */
export async function settleBackground(database: Store): Promise<void> {
  await Promise.all([...(background.get(database) ?? [])]);
}
