import type { Project, Task } from "@maestro/domain";
import { type CachedPages, removeFromPages, upsertAtEnd } from "./page-cache";

/**
 * Pure list updates behind the live cache. They never create a list that was not fetched
 * (undefined stays undefined) and never let an older copy of a task replace a newer one:
 * a mutation's response and the event for the same change can arrive in either order.
 */

/** Keeps the newer of two copies of one task (by version). */
export function newerTask(current: Task | undefined, incoming: Task): Task {
  return current && current.id === incoming.id && current.version > incoming.version ? current : incoming;
}

/** Projects are listed oldest first: a new one belongs at the end. */
export function upsertProject(list: CachedPages<Project> | undefined, project: Project) {
  return upsertAtEnd(list, project);
}

export function removeProject(list: CachedPages<Project> | undefined, projectId: string) {
  return removeFromPages(list, projectId);
}
