import { randomUUID } from "node:crypto";
import { DEFAULT_PROJECT_SETTINGS, PROJECT_KEY_PATTERN, type Project, type ProjectSettings } from "@maestro/domain";
import { and, asc, eq, gt, or, sql } from "drizzle-orm";
import type { ProjectRow } from "../schema/project";
import { first, hot } from "../store/db";
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

export async function insertProject(db: Db, values: NewProject, now = new Date()): Promise<Project> {
  const { projectTable } = db.t;
  const [row] = await db.orm
    .insert(projectTable)
    .values({ id: randomUUID(), ...values, createdAt: now, updatedAt: now })
    .returning();
  return toProject(row!);
}

export async function findProjectById(db: Db, id: string): Promise<Project | undefined> {
  const { projectTable } = db.t;
  const row = await hot<ProjectRow>(db, "project.byId", () =>
    db.orm
      .select()
      .from(projectTable)
      .where(eq(projectTable.id, sql.placeholder("id"))),
  ).get({ id });
  return row && toProject(row);
}

export async function findProjectByKey(db: Db, key: string): Promise<Project | undefined> {
  const { projectTable } = db.t;
  const row = await hot<ProjectRow>(db, "project.byKey", () =>
    db.orm
      .select()
      .from(projectTable)
      .where(eq(projectTable.key, sql.placeholder("key"))),
  ).get({ key: key.toUpperCase() });
  return row && toProject(row);
}

/** Accepts an id or a key (`WEB`, case-insensitive). */
export async function findProjectByRef(db: Db, ref: string): Promise<Project | undefined> {
  if (PROJECT_KEY_PATTERN.test(ref.toUpperCase())) {
    return (await findProjectByKey(db, ref)) ?? (await findProjectById(db, ref));
  }
  return await findProjectById(db, ref);
}

export async function listProjects(db: Db): Promise<Project[]> {
  const { projectTable } = db.t;
  const rows = await db.orm.select().from(projectTable).orderBy(asc(projectTable.createdAt), asc(projectTable.key));
  return rows.map(toProject);
}

/** Projects oldest first (key breaks ties): `limit` of them, after `after` when given. */
export async function pageProjects(
  db: Db,
  page: { limit: number; after?: { createdAt: Date; key: string } },
): Promise<Project[]> {
  const { projectTable } = db.t;
  const { createdAt, key } = projectTable;
  const after = page.after;
  const rows = await db.orm
    .select()
    .from(projectTable)
    .where(
      after ? or(gt(createdAt, after.createdAt), and(eq(createdAt, after.createdAt), gt(key, after.key))) : undefined,
    )
    .orderBy(asc(createdAt), asc(key))
    .limit(page.limit);
  return rows.map(toProject);
}

export async function updateProject(
  db: Db,
  id: string,
  patch: Partial<Omit<NewProject, "key">>,
  now = new Date(),
): Promise<Project> {
  const { projectTable } = db.t;
  const [row] = await db.orm
    .update(projectTable)
    .set({ ...patch, updatedAt: now })
    .where(eq(projectTable.id, id))
    .returning();
  if (!row) throw new Error(`project ${id} vanished inside its transaction`);
  return toProject(row);
}

export async function deleteProject(db: Db, id: string): Promise<void> {
  const { projectTable } = db.t;
  await db.orm.delete(projectTable).where(eq(projectTable.id, id));
}

/**
 * Takes the next task number of a project; part of the caller's transaction. One
 * `UPDATE … RETURNING`: on PostgreSQL it locks the project's row until the caller commits, so
 * concurrent transactions take distinct numbers.
 */
export async function allocateTaskNumber(db: Db, projectId: string): Promise<number> {
  const { projectTable } = db.t;
  const row = await hot<{ next: number }>(db, "project.allocateTaskNumber", () =>
    db.orm
      .update(projectTable)
      .set({ nextTaskNumber: sql`${projectTable.nextTaskNumber} + 1` })
      .where(eq(projectTable.id, sql.placeholder("id")))
      .returning({ next: projectTable.nextTaskNumber }),
  ).get({ id: projectId });
  if (!row) throw new Error(`project ${projectId} vanished inside its transaction`);
  return row.next - 1;
}

export async function isProjectKeyTaken(db: Db, key: string): Promise<boolean> {
  const { projectTable } = db.t;
  return (
    (await first(db.orm.select({ id: projectTable.id }).from(projectTable).where(eq(projectTable.key, key)))) !==
    undefined
  );
}

/** The number the project's next task will get, without taking it (an import's preview names the keys it would give). */
export async function peekTaskNumber(db: Db, projectId: string): Promise<number> {
  const { projectTable } = db.t;
  const row = await first(
    db.orm.select({ next: projectTable.nextTaskNumber }).from(projectTable).where(eq(projectTable.id, projectId)),
  );
  if (!row) throw new Error(`project ${projectId} not found`);
  return row.next;
}

/**
 * On PostgreSQL, locks the project's row until the transaction ends, for a rule over the whole
 * project that a read alone cannot hold (no dependency cycle): two writers take turns. `FOR NO KEY
 * UPDATE`, so rows that reference the project (tasks, deliveries) are still inserted meanwhile.
 * On SQLite the one writer already has it.
 */
export async function lockProject(db: Db, projectId: string): Promise<void> {
  if (db.engine !== "postgres") return;
  await db.run(sql`SELECT id FROM projects WHERE id = ${projectId} FOR NO KEY UPDATE`);
}
