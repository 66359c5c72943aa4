import { sql } from "drizzle-orm";
import type { StoreQueries } from "../../src/store/store";

/** Plain-SQL writes the tests share; the same text runs on both engines. */
export async function insertProject(tx: StoreQueries, id: string): Promise<void> {
  const now = new Date();
  await tx.run(sql`INSERT INTO projects (id, key, name, root_dir, settings, created_at, updated_at)
    VALUES (${id}, ${id.toUpperCase()}, ${id}, ${"/tmp"}, ${"{}"}, ${now}, ${now})`);
}

export async function insertEvent(tx: StoreQueries, actor: string): Promise<void> {
  await tx.run(sql`INSERT INTO events (project_id, entity, entity_id, kind, actor, payload, ts)
    VALUES (${"p"}, ${"task"}, ${"t"}, ${"task.created"}, ${actor}, ${"{}"}, ${new Date()})`);
}

export async function countRows(
  tx: StoreQueries,
  table: "projects" | "events" | "sessions",
  where = sql`1 = 1`,
): Promise<number> {
  const row = await tx.get<{ n: number }>(sql`SELECT count(*) AS n FROM ${sql.identifier(table)} WHERE ${where}`);
  return row?.n ?? Number.NaN;
}

export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A bare task row of project `projectId` (key `<PROJECT>-<number>`). */
export async function insertTaskRow(tx: StoreQueries, projectId: string, id: string, number: number): Promise<void> {
  const now = new Date();
  await tx.run(sql`INSERT INTO tasks (id, project_id, number, key, title, acceptance_criteria, status, priority,
      touches, requirement_ids, rank, created_at, updated_at)
    VALUES (${id}, ${projectId}, ${number}, ${`${projectId.toUpperCase()}-${number}`}, ${id}, ${"[]"}, ${"todo"},
      ${"medium"}, ${"[]"}, ${"[]"}, ${number}, ${now}, ${now})`);
}
