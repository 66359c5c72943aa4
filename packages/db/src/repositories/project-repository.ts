import { randomUUID } from "node:crypto";
import { DEFAULT_PROJECT_SETTINGS, PROJECT_KEY_PATTERN, type Project, type ProjectSettings } from "@maestro/domain";
import { and, asc, eq, gt, or, sql } from "drizzle-orm";
import type { DbClient } from "../database";
import { prepared } from "../prepared";
import { type ProjectRow, projectTable } from "../schema/project";

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

export function insertProject(db: DbClient, values: NewProject, now = new Date()): Project {
  const row = db
    .insert(projectTable)
    .values({ id: randomUUID(), ...values, createdAt: now, updatedAt: now })
    .returning()
    .get();
  return toProject(row);
}

export function findProjectById(db: DbClient, id: string): Project | undefined {
  const row = prepared(db, "project.byId", () =>
    db
      .select()
      .from(projectTable)
      .where(eq(projectTable.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
  return row && toProject(row);
}

export function findProjectByKey(db: DbClient, key: string): Project | undefined {
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
export function findProjectByRef(db: DbClient, ref: string): Project | undefined {
  if (PROJECT_KEY_PATTERN.test(ref.toUpperCase())) return findProjectByKey(db, ref) ?? findProjectById(db, ref);
  return findProjectById(db, ref);
}

export function listProjects(db: DbClient): Project[] {
  return db
    .select()
    .from(projectTable)
    .orderBy(asc(projectTable.createdAt), asc(projectTable.key))
    .all()
    .map(toProject);
}

/** Projects oldest first (key breaks ties): `limit` of them, after `after` when given. */
export function pageProjects(
  db: DbClient,
  page: { limit: number; after?: { createdAt: Date; key: string } },
): Project[] {
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

export function updateProject(
  db: DbClient,
  id: string,
  patch: Partial<Omit<NewProject, "key">>,
  now = new Date(),
): Project {
  const row = db
    .update(projectTable)
    .set({ ...patch, updatedAt: now })
    .where(eq(projectTable.id, id))
    .returning()
    .get();
  if (!row) throw new Error(`project ${id} vanished inside its transaction`);
  return toProject(row);
}

export function deleteProject(db: DbClient, id: string): void {
  db.delete(projectTable).where(eq(projectTable.id, id)).run();
}

/** Takes the next task number of a project; part of the caller's transaction. */
export function allocateTaskNumber(db: DbClient, projectId: string): number {
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

export function isProjectKeyTaken(db: DbClient, key: string): boolean {
  return db.select({ id: projectTable.id }).from(projectTable).where(eq(projectTable.key, key)).get() !== undefined;
}

/** The number the project's next task will get, without taking it (an import's preview names the keys it would give). */
export function peekTaskNumber(db: DbClient, projectId: string): number {
  const row = db
    .select({ next: projectTable.nextTaskNumber })
    .from(projectTable)
    .where(eq(projectTable.id, projectId))
    .get();
  if (!row) throw new Error(`project ${projectId} not found`);
  return row.next;
}
