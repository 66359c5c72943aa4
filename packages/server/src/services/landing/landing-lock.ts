import type { Database } from "@maestro/db";

/** Per database (one per server), the tail of each project's chain of landings. */
const chains = new WeakMap<Database, Map<string, Promise<unknown>>>();

/**
 * Runs `fn` after every landing of the project queued before it: one landing at a time per
 * project, whoever asks (the lander's loop or `task land`). The ref's compare-and-swap still
 * guards against writers outside this server.
 */
export function withProjectLock<T>(database: Database, projectId: string, fn: () => Promise<T>): Promise<T> {
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
