// What a crashed server left on disk, read the way the next server will: the database opened
// (WAL recovery, migrations) before anything else touches it, checked, then closed.
import { join } from "node:path";
import { type Store, findSessionById, listEvents, listLogChunks, listTasks, openSqliteStore } from "@maestro/db";
import type { MaestroEvent, Session, Task } from "@maestro/domain";

export interface StoredProject {
  tasks: Task[];
  events: MaestroEvent[];
}

/** Opens `<home>/maestro.db`, runs `read` and closes it again, whatever happens. */
export async function readStored<T>(home: string, read: (database: Store) => Promise<T>): Promise<T> {
  const database = openSqliteStore({ path: join(home, "maestro.db") });
  try {
    return await read(database);
  } finally {
    await database.close();
  }
}

/** Every task of a project and every event about it, oldest first. */
export async function storedProject(database: Store, projectId: string): Promise<StoredProject> {
  return {
    tasks: await listTasks(database.db, { projectId }),
    events: await listEvents(database.db, { projectId, limit: 1_000_000 }),
  };
}

/** A session as stored, with all the output stored for it as one text. */
export async function storedSession(
  database: Store,
  sessionId: string,
): Promise<{ session?: Session; output: string }> {
  const chunks = await listLogChunks(database.db, sessionId, 0, 1_000_000);
  return { session: await findSessionById(database.db, sessionId), output: chunks.map((chunk) => chunk.text).join("") };
}
