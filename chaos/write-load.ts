// Several clients writing at once, each remembering exactly what the server acknowledged: the
// state of every task as the last answer it got said it was.
import type { Task } from "@maestro/domain";
import type { Client } from "./serve";

/** A task as last acknowledged: its version, title, parent and dependencies then. */
export interface Acknowledged {
  id: string;
  projectId: string;
  version: number;
  title: string;
  parentId: string | null;
  dependsOn: string[];
}

export type AckLog = Map<string, Acknowledged>;

function remember(acked: AckLog, task: Task): void {
  const known = acked.get(task.id);
  // Answers of one client arrive in order, but never let an older answer overwrite a newer one.
  if (known && known.version >= task.version) return;
  const { id, projectId, version, title, parentId, dependsOn } = task;
  acked.set(id, { id, projectId, version, title, parentId, dependsOn: [...dependsOn].sort() });
}

const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

/** Up to two dependencies among `mine`: each write touches the task row, its dependency rows and the event log. */
function someDependencies(mine: readonly string[]): string[] {
  const chosen = new Set<string>();
  for (let i = 0; i < 2; i++) {
    const id = pick(mine);
    if (id) chosen.add(id);
  }
  return [...chosen];
}

interface Outcome {
  writes: number;
  /** The server answered with an error (rather than going away): the load itself went wrong. */
  refused?: string;
}

/** An error the server sent (it has a status), not a connection the crash cut. */
function refusalOf(error: unknown): string | undefined {
  const data = (error as { data?: { httpStatus?: number } }).data;
  return data?.httpStatus ? `${data.httpStatus} ${(error as Error).message}` : undefined;
}

/** Replaces the title and the whole dependency set of `target`, at the version last acknowledged. */
async function update(client: Client, target: Acknowledged, older: string[], title: string): Promise<Task> {
  const dependsOn = someDependencies(older);
  return client.task.update.mutate({ id: target.id, version: target.version, title, dependsOn });
}

/** Moves `target` under one of `older` (or to the top) and last among its siblings: parent and rank change. */
async function move(client: Client, target: Acknowledged, older: string[]): Promise<Task> {
  const parentId = pick(older) ?? null;
  return client.task.move.mutate({ id: target.id, version: target.version, parentId, beforeId: null });
}

/**
 * One client: creates tasks depending on its earlier ones, updates them (title and whole
 * dependency set) and moves them, at the version it knows, until a call fails — the server was
 * killed. Dependencies and parents only point at older tasks of the same client, so no change
 * can close a cycle or meet another client's.
 */
async function writeUntilFailure(client: Client, projectId: string, name: string, acked: AckLog): Promise<Outcome> {
  const mine: string[] = [];
  let writes = 0;
  try {
    for (;;) {
      const target = mine.length > 2 && Math.random() < 0.6 ? pick(mine.slice(1)) : undefined;
      if (target) {
        const older = mine.slice(0, mine.indexOf(target));
        const known = acked.get(target)!;
        const title = `${name} update ${writes}`;
        remember(acked, await (Math.random() < 0.5 ? update(client, known, older, title) : move(client, known, older)));
      } else {
        const title = `${name} create ${writes}`;
        const task = await client.task.create.mutate({ projectId, title, dependsOn: someDependencies(mine) });
        remember(acked, task);
        mine.push(task.id);
      }
      writes += 1;
    }
  } catch (error) {
    return { writes, refused: refusalOf(error) };
  }
}

/** Starts `clients` writers; resolves once every one of them has stopped (the server died under them). */
export async function writeLoad(options: {
  clients: Client[];
  projectId: string;
  acked: AckLog;
}): Promise<{ writes: number; refusals: string[] }> {
  const outcomes = await Promise.all(
    options.clients.map((client, index) => writeUntilFailure(client, options.projectId, `w${index}`, options.acked)),
  );
  return {
    writes: outcomes.reduce((sum, outcome) => sum + outcome.writes, 0),
    refusals: outcomes.flatMap((outcome) => (outcome.refused ? [outcome.refused] : [])),
  };
}
