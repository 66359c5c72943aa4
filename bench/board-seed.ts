// P10's projects, written straight into a fresh home's database before the server starts (raw
// SQL, seconds): a board-like mix of statuses, and for the graph, edges to earlier tasks.
import { join } from "node:path";
import { insertProject, openSqliteStore } from "@maestro/db";
import { DEFAULT_PROJECT_SETTINGS, type TaskStatus } from "@maestro/domain";
import { sqliteConnection } from "./seed-connection";

/** Per 100 tasks: most done or to do, a few in every other column, so each column has a first page. */
const MIX: Array<[TaskStatus, number]> = [
  ["done", 58],
  ["todo", 20],
  ["in_progress", 10],
  ["in_review", 5],
  ["blocked", 3],
  ["failed", 2],
  ["cancelled", 2],
];

export interface SeededProject {
  key: string;
  size: number;
  /** Each task waits for up to two earlier ones (a graph with real edges). */
  withEdges: boolean;
}

/** The status of task i (1-based), from MIX. */
function statusCaseSql(): string {
  let from = 0;
  const arms = MIX.map(([status, share]) => {
    from += share;
    return `WHEN (i - 1) % 100 < ${from} THEN '${status}'`;
  });
  return `CASE ${arms.join(" ")} END`;
}

function seedSql(projectId: string, { key, size, withEdges }: SeededProject): string {
  const edges = withEdges
    ? `INSERT OR IGNORE INTO task_dependencies (task_id, depends_on_id, project_id)
       SELECT t.id, p.id, t.project_id FROM tasks t JOIN tasks p ON p.project_id = t.project_id
         AND p.number IN (1 + (t.number * 7) % (t.number - 1), 1 + (t.number * 13) % (t.number - 1))
       WHERE t.project_id = '${projectId}' AND t.number > 1;`
    : "";
  return `
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${size})
    INSERT INTO tasks (id, project_id, number, key, title, description, acceptance_criteria, status, priority,
      touches, requirement_ids, rank, version, created_at, updated_at)
    SELECT printf('%08x-0000-4000-8000-%012x', i, unicode('${key}') * 1000 + length('${key}')), '${projectId}', i,
      '${key}-' || i, 'Task ' || i || ': a title of a realistic length for a card',
      'Some description text that a real task would carry, a sentence or two long.', '[]',
      ${statusCaseSql()}, 'medium', '[]', '[]', i, 1, 1700000000000 + i, 1700000000000 + i
    FROM n;
    ${edges}
    UPDATE projects SET next_task_number = ${size + 1} WHERE id = '${projectId}';`;
}

/** Writes `projects` into `<home>/maestro.db` (migrations applied on open). */
export async function seedProjects(home: string, projects: readonly SeededProject[]): Promise<void> {
  const database = openSqliteStore({ path: join(home, "maestro.db") });
  const connection = sqliteConnection(database);
  try {
    for (const seeded of projects) {
      const project = await insertProject(database.db, {
        key: seeded.key,
        name: seeded.key,
        rootDir: `/tmp/${seeded.key.toLowerCase()}`,
        description: "",
        settings: DEFAULT_PROJECT_SETTINGS,
      });
      await database.transaction(async () => connection.exec(seedSql(project.id, seeded)));
    }
  } finally {
    await database.close();
  }
}
