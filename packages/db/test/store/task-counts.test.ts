// The counts the triggers keep (task_counts, tasks.pending_dependencies, task_dependencies.is_pending)
// against the same counts computed from the tasks and edges, after random writes through every
// repository that changes a status, an edge or a task's existence, on both engines; and, on
// PostgreSQL, with two transactions racing on one dependency.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { drizzle as sqliteDrizzle } from "drizzle-orm/better-sqlite3";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as pgDrizzle } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { type Task, TASK_STATUSES, type TaskCounts, type TaskStatus, readySet } from "@maestro/domain";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  addTaskDependency,
  countTasksByStatus,
  deleteProject,
  deleteTask,
  insertTask,
  listTasks,
  pageTasks,
  removeTaskDependency,
  setTaskDependencies,
  updateTask,
} from "../../src/index";
import { openPgStore } from "../../src/store/pg-store";
import { openSqliteStore } from "../../src/store/sqlite-store";
import type { Db, Engine, Store } from "../../src/store/store";
import { ENGINES, useStores } from "./engines";
import { insertProject } from "./rows";

const stores = useStores();
const PROJECTS = ["web", "api"];

/** A small deterministic generator (mulberry32): a failing seed replays the same writes. */
function randomOf(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(next() * items.length)];
  return { next, pick };
}

/** The counts as task.counts would compute them from every task: the domain's own rules. */
function expectedCounts(tasks: readonly Task[]): TaskCounts {
  const byStatus = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<TaskStatus, number>;
  for (const task of tasks) byStatus[task.status] += 1;
  return { byStatus, total: tasks.length, ready: readySet(tasks).length };
}

/** Each task's pending count and each edge's flag, kept vs computed from the edges and statuses. */
async function pendingMismatches(db: Db): Promise<unknown[]> {
  const tasks = await db.all(sql`
    SELECT t.id, t.pending_dependencies AS kept, (
      SELECT count(*) FROM task_dependencies d JOIN tasks u ON u.id = d.depends_on_id
      WHERE d.task_id = t.id AND u.status <> 'done') AS computed
    FROM tasks t`);
  const edges = await db.all<{ is_pending: unknown; status: string }>(sql`
    SELECT d.task_id, d.depends_on_id, d.is_pending, u.status
    FROM task_dependencies d JOIN tasks u ON u.id = d.depends_on_id`);
  return [
    ...tasks.filter(
      (row) => Number((row as { kept: unknown }).kept) !== Number((row as { computed: unknown }).computed),
    ),
    ...edges.filter((edge) => Boolean(Number(edge.is_pending)) !== (edge.status !== "done")),
  ];
}

async function expectCountsKept(store: Store, projects: readonly string[]): Promise<void> {
  for (const projectId of projects) {
    const tasks = await listTasks(store.db, { projectId });
    expect(await countTasksByStatus(store.db, projectId)).toEqual(expectedCounts(tasks));
    const page = await pageTasks(store.db, { projectId, isReady: true, fetch: 1_000 });
    expect(page.tasks.map((task) => task.key)).toEqual(readySet(tasks).map((task) => task.key));
  }
  expect(await pendingMismatches(store.db)).toEqual([]);
}

async function openWithProjects(engine: Engine): Promise<Store> {
  const store = await stores.open(engine, { maxConnections: 4 });
  await store.transaction(async (tx) => {
    for (const id of PROJECTS) await insertProject(tx, id);
  });
  return store;
}

/** An edge written in plain SQL (an import, a seed) stating its flag, right or wrong: the triggers decide. */
async function insertEdgeSaying(
  db: Db,
  edge: { taskId: string; dependsOnId: string; projectId: string },
  isPending: boolean,
): Promise<void> {
  const flag = sql.raw(db.engine === "sqlite" ? String(Number(isPending)) : String(isPending));
  await db.run(sql`INSERT INTO task_dependencies (task_id, depends_on_id, project_id, is_pending)
    VALUES (${edge.taskId}, ${edge.dependsOnId}, ${edge.projectId}, ${flag}) ON CONFLICT DO NOTHING`);
}

/** One random write of any kind the repositories offer, in a project's graph. */
async function randomWrite(db: Db, random: ReturnType<typeof randomOf>, numbers: Map<string, number>): Promise<void> {
  const projectId = random.pick(PROJECTS)!;
  const tasks = await listTasks(db, { projectId });
  const task = random.pick(tasks);
  const other = random.pick(tasks.filter((candidate) => candidate.id !== task?.id));
  const roll = random.next();
  if (!task || roll < 0.35) {
    const number = (numbers.get(projectId) ?? 0) + 1;
    numbers.set(projectId, number);
    await insertTask(db, {
      projectId,
      projectKey: projectId.toUpperCase(),
      number,
      parentId: random.next() < 0.3 && task ? task.id : null,
      title: `task ${number}`,
      description: "",
      status: random.pick(TASK_STATUSES)!,
      rank: number,
    });
  } else if (roll < 0.6) {
    await updateTask(db, task.id, { status: random.pick(TASK_STATUSES)! });
  } else if (roll < 0.72 && other) {
    if (random.next() < 0.5) await addTaskDependency(db, task, other.id);
    else await insertEdgeSaying(db, { taskId: task.id, dependsOnId: other.id, projectId }, random.next() < 0.5);
  } else if (roll < 0.82 && task.dependsOn.length > 0) {
    await removeTaskDependency(db, task.id, random.pick(task.dependsOn)!);
  } else if (roll < 0.94) {
    const others = tasks.filter((candidate) => candidate.id !== task.id && random.next() < 0.2);
    await setTaskDependencies(
      db,
      task,
      others.map((candidate) => candidate.id),
    );
  } else {
    // Its subtasks go with it (the parent's foreign key), and every edge to any of them.
    await deleteTask(db, task.id);
  }
}

describe.each(ENGINES)("the task counts the triggers keep (%s)", (engine) => {
  it("match the counts computed from the tasks after random writes of every kind", async () => {
    const store = await openWithProjects(engine);
    const random = randomOf(engine === "sqlite" ? 20261205 : 51202612);
    const numbers = new Map<string, number>();
    for (let batch = 0; batch < 40; batch++) {
      // Several writes per transaction, as verbs do, and now and then one rolled back.
      const isRolledBack = random.next() < 0.1;
      await store
        .transaction(async (tx) => {
          for (let write = 0; write < 5; write++) await randomWrite(tx, random, numbers);
          if (isRolledBack) throw new Error("rolled back");
        })
        .catch((error: unknown) => {
          if (!isRolledBack) throw error;
        });
      await expectCountsKept(store, PROJECTS);
    }
    const counts = await countTasksByStatus(store.db, "web");
    expect(counts.total).toBeGreaterThan(10);
    // A todo task written after the open task it waits for: deleting the project deletes the
    // open one first, and the waiting one turns ready on its way out.
    await store.transaction(async (tx) => {
      const base = { projectId: "web", projectKey: "WEB", parentId: null, description: "", rank: 0 } as const;
      const open = await insertTask(tx, { ...base, number: 1_001, title: "open", status: "in_progress" });
      const waiting = await insertTask(tx, { ...base, number: 1_002, title: "waiting", status: "todo" });
      await addTaskDependency(tx, waiting, open.id);
    });
    await store.transaction(async (tx) => await deleteProject(tx, "web"));
    expect(await countTasksByStatus(store.db, "web")).toEqual(expectedCounts([]));
    await expectCountsKept(store, ["api"]);
  }, 120_000);
});

/** A copy of an engine's migrations without the one that added the counts (the last, when written). */
function migrationsBeforeCounts(engine: Engine, folder: string): string {
  const source = new URL(engine === "sqlite" ? "../../drizzle" : "../../drizzle-pg", import.meta.url).pathname;
  cpSync(source, folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((entry) => entry.tag.endsWith("_task_counts"));
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return folder;
}

/** A graph written before the counts existed: a todo waiting on an open task, one on a done task, a chain. */
const GRAPH_BEFORE_COUNTS = [
  ["a", "todo"],
  ["b", "in_progress"],
  ["c", "done"],
  ["d", "todo", "b"],
  ["e", "todo", "c"],
  ["f", "todo", "d"],
  ["g", "failed", "a"],
] as const;

/** The graph as plain SQL, `timestamps` being two created/updated values in the engine's form. */
function graphSql(timestamps: string): string[] {
  return [
    `INSERT INTO projects (id, key, name, root_dir, settings, created_at, updated_at) VALUES ('web', 'WEB', 'web', '/tmp', '{}', ${timestamps})`,
    ...GRAPH_BEFORE_COUNTS.map(
      ([id, status], index) =>
        `INSERT INTO tasks (id, project_id, number, key, title, acceptance_criteria, status, priority, touches,
          requirement_ids, rank, created_at, updated_at)
         VALUES ('${id}', 'web', ${index + 1}, 'WEB-${index + 1}', '${id}', '[]', '${status}', 'medium', '[]', '[]',
          ${index + 1}, ${timestamps})`,
    ),
    ...GRAPH_BEFORE_COUNTS.flatMap(([id, , dependsOn]) =>
      dependsOn
        ? [`INSERT INTO task_dependencies (task_id, depends_on_id, project_id) VALUES ('${id}', '${dependsOn}', 'web')`]
        : [],
    ),
  ];
}

describe.each(ENGINES)("the migration that adds the counts (%s)", (engine) => {
  it("counts the tasks and dependencies already there", async () => {
    const folder = mkdtempSync(join(tmpdir(), "maestro-counts-"));
    try {
      const before = migrationsBeforeCounts(engine, join(folder, "migrations"));
      let store: Store;
      if (engine === "sqlite") {
        const path = join(folder, "maestro.db");
        const sqlite = new Database(path);
        migrateSqlite(sqliteDrizzle(sqlite), { migrationsFolder: before });
        for (const statement of graphSql("0, 0")) sqlite.exec(statement);
        sqlite.close();
        store = openSqliteStore({ path });
      } else {
        const url = await stores.newDatabaseUrl();
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await migratePg(pgDrizzle({ client }), { migrationsFolder: before });
          for (const statement of graphSql("now(), now()")) await client.query(statement);
        } finally {
          await client.end();
        }
        store = await openPgStore({ url });
      }
      try {
        expect((await countTasksByStatus(store.db, "web")).ready).toBe(2); // a and e
        await expectCountsKept(store, ["web"]);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

/** Holds a transaction open after `first` until `release` is called, so another can run into its locks. */
function openTransaction(store: Store, first: (db: Db) => Promise<unknown>) {
  let release!: () => void;
  let started!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const isStarted = new Promise<void>((resolve) => (started = resolve));
  const done = store.transaction(async (tx) => {
    await first(tx);
    started();
    await gate;
  });
  return { isStarted, release, done };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the task counts under concurrent writes (postgres)", () => {
  async function twoTasks(store: Store): Promise<{ task: Task; dependency: Task }> {
    return await store.transaction(async (tx) => {
      const base = { projectId: "web", projectKey: "WEB", parentId: null, description: "", status: "todo" } as const;
      const dependency = await insertTask(tx, { ...base, number: 1, title: "dependency", rank: 1 });
      const task = await insertTask(tx, { ...base, number: 2, title: "task", rank: 2 });
      return { task, dependency };
    });
  }

  it.each([
    ["an edge added while its dependency becomes done", "add", "done"],
    ["an edge removed while its dependency becomes done", "remove", "done"],
    ["an edge added while its done dependency is reopened", "add", "todo"],
  ] as const)(
    "%s, in either order, keeps the task's count",
    async (_name, edgeWrite, status) => {
      for (const isEdgeFirst of [true, false]) {
        const store = await openWithProjects("postgres");
        const { task, dependency } = await twoTasks(store);
        if (status === "todo") await updateTask(store.db, dependency.id, { status: "done" });
        if (edgeWrite === "remove") await addTaskDependency(store.db, task, dependency.id);
        const writeEdge = async (db: Db) =>
          edgeWrite === "add"
            ? await addTaskDependency(db, task, dependency.id)
            : await removeTaskDependency(db, task.id, dependency.id);
        const writeStatus = async (db: Db) => await updateTask(db, dependency.id, { status });
        const held = openTransaction(store, isEdgeFirst ? writeEdge : writeStatus);
        await held.isStarted;
        const second = store.transaction(async (tx) => await (isEdgeFirst ? writeStatus(tx) : writeEdge(tx)));
        await pause(100); // the second is now waiting for the first's row lock
        held.release();
        await Promise.all([held.done, second]);
        await expectCountsKept(store, ["web"]);
      }
    },
    60_000,
  );
});
