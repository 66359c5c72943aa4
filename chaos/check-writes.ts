// R1's verdict on what a crash left: every acknowledged write there, and every task row in
// agreement with the last event recorded about it (a change is its rows and its event, or neither).
import type { MaestroEvent, Task } from "@maestro/domain";
import type { StoredProject } from "./stored";
import type { AckLog } from "./write-load";

const sameSet = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();

/** The fields the write load changes: title (update), dependency rows (create, update), parent (move). */
type Changed = Pick<Task, "title" | "parentId" | "dependsOn">;
const isSameChange = (a: Changed, b: Changed) =>
  a.title === b.title && a.parentId === b.parentId && sameSet(a.dependsOn, b.dependsOn);

/** Acknowledged writes missing or rolled back: a newer version may be there (committed, answer lost), never an older one. */
export function missingWrites(acked: AckLog, tasks: ReadonlyMap<string, Task>): string[] {
  const problems: string[] = [];
  for (const want of acked.values()) {
    const task = tasks.get(want.id);
    if (!task) problems.push(`task ${want.id} acknowledged but missing`);
    else if (task.version < want.version) {
      problems.push(`task ${want.id} acknowledged at version ${want.version} but stored at ${task.version}`);
    } else if (
      task.version === want.version &&
      (task.title !== want.title || !sameSet(task.dependsOn, want.dependsOn))
    ) {
      problems.push(`task ${want.id} version ${want.version} stored differently from what was acknowledged`);
    }
  }
  return problems;
}

function taskOf(event: MaestroEvent): Task | undefined {
  if (event.kind !== "task.created" && event.kind !== "task.updated") return undefined;
  return event.payload.task;
}

/** A row without its event, an event without its row, or dependency rows of another version: a torn transaction. */
export function tornWrites(stored: StoredProject): string[] {
  const lastEvent = new Map<string, Task>();
  for (const event of stored.events) {
    const task = taskOf(event);
    if (task) lastEvent.set(task.id, task);
  }
  const problems: string[] = [];
  const rows = new Set(stored.tasks.map((task) => task.id));
  for (const id of lastEvent.keys()) if (!rows.has(id)) problems.push(`event about task ${id} but no row`);
  for (const task of stored.tasks) {
    const logged = lastEvent.get(task.id);
    if (!logged) problems.push(`task ${task.key} stored without its event`);
    else if (logged.version !== task.version) {
      problems.push(`task ${task.key} at version ${task.version} but its last event says ${logged.version}`);
    } else if (!isSameChange(logged, task) || logged.rank !== task.rank) {
      problems.push(
        `task ${task.key} version ${task.version} differs from its event (title, parent, rank or dependencies)`,
      );
    }
  }
  return problems;
}
