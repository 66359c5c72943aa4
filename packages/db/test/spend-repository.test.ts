import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Store, listBudgetedLineage, listBudgetedTasks, openSqliteStore, updateTask } from "../src/index";
import { seedProject, seedTask } from "./seed";

let database: Store;
beforeEach(() => {
  database = openSqliteStore({ path: ":memory:" });
});
afterEach(async () => await database.close());

/** The plan's details for a query, e.g. "SEARCH tasks USING INDEX tasks_budget_idx (project_id=?)". */
async function planOf(query: ReturnType<typeof sql>): Promise<string> {
  return (await database.db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${query}`))
    .map((row) => row.detail)
    .join("\n");
}

describe("spend repository", () => {
  it("finds a project's budgeted tasks and a task's budgeted lineage, nearest first", async () => {
    const project = await seedProject(database);
    const root = await seedTask(database, project, "Root");
    const middle = await seedTask(database, project, "Middle", root.id);
    const leaf = await seedTask(database, project, "Leaf", middle.id);
    await seedTask(database, project, "Other");
    await updateTask(database.db, root.id, { budgetUsd: 10 });
    await updateTask(database.db, leaf.id, { budgetTokens: 500 });
    expect((await listBudgetedTasks(database.db, project.id)).map((task) => task.key).sort()).toEqual([
      root.key,
      leaf.key,
    ]);
    expect(await listBudgetedLineage(database.db, leaf.id)).toEqual([
      { id: leaf.id, key: leaf.key, budgetUsd: null, budgetTokens: 500 },
      { id: root.id, key: root.key, budgetUsd: 10, budgetTokens: null },
    ]);
  });

  it("reads budgeted tasks and a spec's tasks by index, not by scanning a project's tasks", async () => {
    const budgeted = await planOf(
      // Named: without statistics the planner would take any (project_id, …) index and read the whole project.
      sql`SELECT id FROM tasks INDEXED BY tasks_budget_idx WHERE project_id = 'p' AND (budget_usd IS NOT NULL OR budget_tokens IS NOT NULL)`,
    );
    expect(budgeted).toContain("tasks_budget_idx");
    expect(await planOf(sql`SELECT id FROM tasks WHERE spec_id = 's'`)).toContain("tasks_spec_idx");
  });
});
