import { randomUUID } from "node:crypto";
import { DEFAULT_PROJECT_SETTINGS, PROJECT_KEY_PATTERN, type Project, type ProjectSettings } from "@maestro/domain";
import { and, asc, eq, gt, or, sql } from "drizzle-orm";
import { prepared } from "../prepared";
import { type ProjectRow, projectTable } from "../schema/project";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

export function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    rootDir: row.rootDir,
    description: row.description,
    settings: { ...DEFAULT_PROJECT_SETTINGS, ...row.settings },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export interface NewProject {
  key: string;
  name: string;
  rootDir: string;
  description: string;
  settings: ProjectSettings;
}

export async function insertProject(handle: Db, values: NewProject, now = new Date()): Promise<Project> {
  const db = sqliteOf(handle);
  const row = db
    .insert(projectTable)
    .values({ id: randomUUID(), ...values, createdAt: now, updatedAt: now })
    .returning()
    .get();
  return toProject(row);
}

export async function findProjectById(handle: Db, id: string): Promise<Project | undefined> {
  const db = sqliteOf(handle);
  const row = prepared(db, "project.byId", () =>
    db
      .select()
      .from(projectTable)
      .where(eq(projectTable.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
  return row && toProject(row);
}

export async function findProjectByKey(handle: Db, key: string): Promise<Project | undefined> {
  const db = sqliteOf(handle);
  const row = prepared(db, "project.byKey", () =>
    db
      .select()
      .from(projectTable)
      .where(eq(projectTable.key, sql.placeholder("key")))
      .prepare(),
  ).get({ key: key.toUpperCase() });
  return row && toProject(row);
}

/** Accepts an id or a key (`WEB`, case-insensitive). */
export async function findProjectByRef(handle: Db, ref: string): Promise<Project | undefined> {
  if (PROJECT_KEY_PATTERN.test(ref.toUpperCase()))
    {return (await findProjectByKey(handle, ref)) ?? (await findProjectById(handle, ref));}
  return await findProjectById(handle, ref);
}

export async function listProjects(handle: Db): Promise<Project[]> {
  const db = sqliteOf(handle);
  return db
    .select()
    .from(projectTable)
    .orderBy(asc(projectTable.createdAt), asc(projectTable.key))
    .all()
    .map(toProject);
}

/** Projects oldest first (key breaks ties): `limit` of them, after `after` when given. */
export async function pageProjects(
  handle: Db,
  page: { limit: number; after?: { createdAt: Date; key: string } },
): Promise<Project[]> {
  const db = sqliteOf(handle);
  const { createdAt, key } = projectTable;
  const after = page.after;
  return db
    .select()
    .from(projectTable)
    .where(
      after ? or(gt(createdAt, after.createdAt), and(eq(createdAt, after.createdAt), gt(key, after.key))) : undefined,
    )
    .orderBy(asc(createdAt), asc(key))
    .limit(page.limit)
    .all()
    .map(toProject);
}

export async function updateProject(
  handle: Db,
  id: string,
  patch: Partial<Omit<NewProject, "key">>,
  now = new Date(),
): Promise<Project> {
  const db = sqliteOf(handle);
  const row = db
    .update(projectTable)
    .set({ ...patch, updatedAt: now })
    .where(eq(projectTable.id, id))
    .returning()
    .get();
  if (!row) throw new Error(`project ${id} vanished inside its transaction`);
  return toProject(row);
}

export async function deleteProject(handle: Db, id: string): Promise<void> {
  const db = sqliteOf(handle);
  db.delete(projectTable).where(eq(projectTable.id, id)).run();
}

/** Takes the next task number of a project; part of the caller's transaction. */
export async function allocateTaskNumber(handle: Db, projectId: string): Promise<number> {
  const db = sqliteOf(handle);
  const row = prepared(db, "project.allocateTaskNumber", () =>
    db
      .update(projectTable)
      .set({ nextTaskNumber: sql`${projectTable.nextTaskNumber} + 1` })
      .where(eq(projectTable.id, sql.placeholder("id")))
      .returning({ next: projectTable.nextTaskNumber })
      .prepare(),
  ).get({ id: projectId });
  if (!row) throw new Error(`project ${projectId} vanished inside its transaction`);
  return row.next - 1;
}

export async function isProjectKeyTaken(handle: Db, key: string): Promise<boolean> {
  const db = sqliteOf(handle);
  return db.select({ id: projectTable.id }).from(projectTable).where(eq(projectTable.key, key)).get() !== undefined;
}

/** The number the project's next task will get, without taking it (an import's preview names the keys it would give). */
export async function peekTaskNumber(handle: Db, projectId: string): Promise<number> {
  const db = sqliteOf(handle);
  const row = db
    .select({ next: projectTable.nextTaskNumber })
    .from(projectTable)
    .where(eq(projectTable.id, projectId))
    .get();
  if (!row) throw new Error(`project ${projectId} not found`);
  return row.next;
}
