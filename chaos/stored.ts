// What a crashed server left on disk, read the way the next server will: the database opened
// (WAL recovery, migrations) before anything else touches it, checked, then closed.
import { join } from "node:path";
import { type Database, findSessionById, listEvents, listLogChunks, listTasks, openDatabase } from "@maestro/db";
import type { MaestroEvent, Session, Task } from "@maestro/domain";

export interface StoredProject {
  tasks: Task[];
  events: MaestroEvent[];
}

/** Opens `<home>/maestro.db`, runs `read` and closes it again, whatever happens. */
export function readStored<T>(home: string, read: (database: Database) => T): T {
  const database = openDatabase({ path: join(home, "maestro.db") });
  try {
    return read(database);
  } finally {
    database.close();
  }
}

/** Every task of a project and every event about it, oldest first. */
export function storedProject(database: Database, projectId: string): StoredProject {
  return {
    tasks: listTasks(database.db, { projectId }),
    events: listEvents(database.db, { projectId, limit: 1_000_000 }),
  };
}

/** A session as stored, with all the output stored for it as one text. */
export function storedSession(database: Database, sessionId: string): { session?: Session; output: string } {
  const chunks = listLogChunks(database.db, sessionId, 0, 1_000_000);
  return { session: findSessionById(database.db, sessionId), output: chunks.map((chunk) => chunk.text).join("") };
}
