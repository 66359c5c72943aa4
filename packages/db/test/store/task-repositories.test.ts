import { randomBytes } from "node:crypto";
import { NO_LANDING, type Task, type TaskLanding, type TaskStatus } from "@maestro/domain";
import { sql } from "drizzle-orm";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import {
  type NewTask,
  addTaskDependency,
  countTasks,
  countTasksByStatus,
  deleteTask,
  findTaskById,
  findTaskByRef,
  findTaskKeys,
  hasTaskIn,
  insertTask,
  listAncestorIds,
  listDependentIds,
  listDescendantIds,
  listFrontierTasks,
  listTasks,
  listTasksInLandStates,
  listTasksWithBranch,
  loadTaskGraph,
  nextTaskRank,
  pageTasks,
  projectDependencies,
  rankBefore,
  removeTaskDependency,
  setTaskDependencies,
  updateTask,
} from "../../src/index";
import { lockTaskRows } from "../../src/repositories/task-repository";
import { dependenciesOf } from "../../src/repositories/task-mapper";
import { openPgStore } from "../../src/store/pg-store";
import type { Engine, Store } from "../../src/store/store";
import { ENGINES, useStores } from "./engines";
import { insertProject } from "./rows";

const stores = useStores();

/** More todo tasks waiting than a bounded scan of them (the ready page's before the index) looked at. */
const WAITING = 2_500;

type Seed = Partial<Omit<NewTask, "projectId" | "projectKey">> & { number: number };

/** A store with projects "web" (key WEB) and "api" (key API). */
async function openWithProjects(engine: Engine): Promise<Store> {
  const store = await stores.open(engine);
  await store.transaction(async (tx) => {
    await insertProject(tx, "web");
    await insertProject(tx, "api");
  });
  return store;
}

/** Tasks in one transaction, each titled "task <number>" and ranked by its number unless said otherwise. */
async function addTasks(store: Store, seeds: readonly Seed[], projectId = "web"): Promise<Task[]> {
  return await store.transaction(async (tx) => {
    const tasks: Task[] = [];
    for (const seed of seeds) {
      tasks.push(
        await insertTask(tx, {
          projectId,
          projectKey: projectId.toUpperCase(),
          parentId: null,
          title: `task ${seed.number}`,
          description: "",
          status: "todo",
          rank: seed.number,
          ...seed,
        }),
      );
    }
    return tasks;
  });
}

const keysOf = (tasks: readonly Pick<Task, "key">[]) => tasks.map((task) => task.key);

describe.each(ENGINES)("the task repositories on %s", (engine) => {
  it("inserts a task and reads every field back as written: dates, JSON, numbers, a landing", async () => {
    const store = await openWithProjects(engine);
    const at = new Date("2026-12-05T10:11:12.345Z");
    const landing: TaskLanding = {
      ...NO_LANDING,
      branch: "maestro/WEB-7-1",
      landState: "queued",
      conflictFiles: ["a.ts"],
    };
    const inserted = await store.transaction((tx) =>
      insertTask(
        tx,
        {
          projectId: "web",
          projectKey: "WEB",
          number: 7,
          parentId: null,
          title: "Ship it",
          description: "all of it",
          status: "in_progress",
          rank: 2.5,
          acceptanceCriteria: ["works", "is tested"],
          touches: ["src/**"],
          requirementIds: ["R1"],
          priority: "high",
          agent: "claude",
          budgetUsd: 1.25,
          budgetTokens: 3_000_000_000,
          maxAttempts: 3,
          startedAt: "2026-12-05T09:00:00.001Z",
          landing,
        },
        at,
      ),
    );
    expect(inserted).toMatchObject({
      key: "WEB-7",
      projectId: "web",
      title: "Ship it",
      description: "all of it",
      status: "in_progress",
      rank: 2.5,
      acceptanceCriteria: ["works", "is tested"],
      touches: ["src/**"],
      requirementIds: ["R1"],
      priority: "high",
      agent: "claude",
      command: null,
      budgetUsd: 1.25,
      budgetTokens: 3_000_000_000,
      maxAttempts: 3,
      failedAttempts: 0,
      version: 1,
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
      startedAt: "2026-12-05T09:00:00.001Z",
      completedAt: null,
      retryAt: null,
      dependsOn: [],
      landing,
    });
    expect(await findTaskById(store.db, inserted.id)).toEqual(inserted);
    const [plain] = await addTasks(store, [{ number: 8 }]);
    expect(plain!.landing).toEqual(NO_LANDING);
    expect(plain!.priority).toBe("medium");
  });

  it("finds a task by id or by key, whatever its case", async () => {
    const store = await openWithProjects(engine);
    const [task] = await addTasks(store, [{ number: 12 }]);
    expect((await findTaskByRef(store.db, "web-12"))?.id).toBe(task!.id);
    expect((await findTaskByRef(store.db, "WEB-12"))?.id).toBe(task!.id);
    expect((await findTaskByRef(store.db, task!.id))?.key).toBe("WEB-12");
    expect(await findTaskByRef(store.db, "WEB-13")).toBeUndefined();
    expect(await findTaskById(store.db, "nope")).toBeUndefined();
    expect(await findTaskKeys(store.db, [task!.id, "nope"])).toEqual(new Map([[task!.id, "WEB-12"]]));
    expect(await findTaskKeys(store.db, [])).toEqual(new Map());
  });

  it("updates a task: bumps its version, writes dates and clears them, keeps its dependencies", async () => {
    const store = await openWithProjects(engine);
    const [a, b] = await addTasks(store, [{ number: 1 }, { number: 2 }]);
    await store.transaction((tx) => setTaskDependencies(tx, b!, [a!.id]));
    const now = new Date("2026-12-05T12:00:00.000Z");
    const updated = await store.transaction((tx) =>
      updateTask(
        tx,
        b!.id,
        { status: "blocked", retryAt: "2026-12-05T13:00:00.500Z", heldBy: "owner", failedAttempts: 2, touches: [] },
        now,
      ),
    );
    expect(updated).toMatchObject({
      status: "blocked",
      retryAt: "2026-12-05T13:00:00.500Z",
      heldBy: "owner",
      failedAttempts: 2,
      touches: [],
      version: 2,
      updatedAt: now.toISOString(),
      dependsOn: [a!.id],
    });
    const cleared = await store.transaction((tx) => updateTask(tx, b!.id, { retryAt: null, heldBy: null }));
    expect(cleared).toMatchObject({ retryAt: null, heldBy: null, version: 3, status: "blocked" });
    expect(await findTaskById(store.db, b!.id)).toEqual(cleared);
    await expect(store.transaction((tx) => updateTask(tx, "nope", { title: "x" }))).rejects.toThrow(/vanished/);
  });

  it("lists a project's tasks by status, parent and spec in rank order, number breaking ties", async () => {
    const store = await openWithProjects(engine);
    const [first, , third] = await addTasks(store, [
      { number: 1, rank: 5 },
      { number: 2, rank: 1, status: "done" },
      { number: 3, rank: 5, specId: "spec-1" },
    ]);
    const [child] = await addTasks(store, [{ number: 4, rank: 0, parentId: first!.id }]);
    await addTasks(store, [{ number: 1 }], "api");
    await store.transaction((tx) => addTaskDependency(tx, third!, first!.id));

    expect(keysOf(await listTasks(store.db, { projectId: "web" }))).toEqual(["WEB-4", "WEB-2", "WEB-1", "WEB-3"]);
    expect(keysOf(await listTasks(store.db, { projectId: "web", statuses: ["todo"] }))).toEqual([
      "WEB-4",
      "WEB-1",
      "WEB-3",
    ]);
    expect(keysOf(await listTasks(store.db, { projectId: "web", parentId: null }))).toEqual([
      "WEB-2",
      "WEB-1",
      "WEB-3",
    ]);
    expect(keysOf(await listTasks(store.db, { projectId: "web", parentId: first!.id }))).toEqual([child!.key]);
    const bySpec = await listTasks(store.db, { projectId: "web", specId: "spec-1" });
    expect(bySpec.map((task) => [task.key, task.dependsOn])).toEqual([["WEB-3", [first!.id]]]);
    const all = await listTasks(store.db, { projectId: "web" });
    expect(all.find((task) => task.key === "WEB-3")!.dependsOn).toEqual([first!.id]);
  });

  it("reads landings inside the JSON: the lander's queue by state, oldest change first, and branches", async () => {
    const store = await openWithProjects(engine);
    const [a, b, c, d] = await addTasks(store, [{ number: 1 }, { number: 2 }, { number: 3 }, { number: 4 }]);
    await store.transaction(async (tx) => {
      await updateTask(tx, b!.id, { landing: { ...NO_LANDING, branch: "b", landState: "conflict" } }, new Date(1_000));
      await updateTask(tx, a!.id, { landing: { ...NO_LANDING, branch: "a", landState: "queued" } }, new Date(2_000));
      await updateTask(tx, c!.id, { status: "done", landing: { ...NO_LANDING, branch: "c", landState: "landed" } });
      // A landing without a branch (JSON null) has none; neither has a task with no landing (d).
      await updateTask(tx, d!.id, { landing: { ...NO_LANDING, landState: "queued" } }, new Date(3_000));
    });
    expect(keysOf(await listTasksInLandStates(store.db, ["queued", "conflict"]))).toEqual(["WEB-2", "WEB-1", "WEB-4"]);
    expect(keysOf(await listTasksInLandStates(store.db, ["pr_open"]))).toEqual([]);

    const branches = await listTasksWithBranch(store.db, "web", ["todo", "done"]);
    expect(branches.map((task) => [task.key, task.landing.branch, task.number, task.status])).toEqual([
      ["WEB-1", "a", 1, "todo"],
      ["WEB-2", "b", 2, "todo"],
      ["WEB-3", "c", 3, "done"],
    ]);
    expect(branches[0]!.landing).toEqual({ ...NO_LANDING, branch: "a", landState: "queued" });
    expect(keysOf(await listTasksWithBranch(store.db, "web", ["done"]))).toEqual(["WEB-3"]);
    expect(await listTasksWithBranch(store.db, "api", ["todo"])).toEqual([]);
  });

  it("counts tasks, per status and ready, as numbers; says whether a status has any; deletes", async () => {
    const store = await openWithProjects(engine);
    const [a, b, c] = await addTasks(store, [
      { number: 1, status: "done" },
      { number: 2 },
      { number: 3 },
      { number: 4, status: "in_progress" },
    ]);
    await addTasks(store, [{ number: 1 }], "api");
    await store.transaction(async (tx) => {
      await addTaskDependency(tx, b!, a!.id); // done: b is ready
      await addTaskDependency(tx, c!, b!.id); // todo: c waits
    });
    expect(await countTasks(store.db, "web")).toBe(4);
    expect(await countTasks(store.db)).toBe(5);
    const counts = await countTasksByStatus(store.db, "web");
    expect(counts).toEqual({
      byStatus: expect.objectContaining({ todo: 2, done: 1, in_progress: 1, blocked: 0 }),
      total: 4,
      ready: 1,
    });
    expect(await countTasksByStatus(store.db, "nobody")).toMatchObject({ total: 0, ready: 0 });
    expect(await hasTaskIn(store.db, "web", ["in_progress"])).toBe(true);
    expect(await hasTaskIn(store.db, "api", ["in_progress", "done"])).toBe(false);

    await store.transaction((tx) => deleteTask(tx, b!.id));
    expect(await findTaskById(store.db, b!.id)).toBeUndefined();
    expect(await countTasks(store.db, "web")).toBe(3);
    // Its edges went with it: c no longer waits.
    expect((await countTasksByStatus(store.db, "web")).ready).toBe(1);
    expect((await findTaskById(store.db, c!.id))!.dependsOn).toEqual([]);
  });

  it("places tasks last and between others by rank", async () => {
    const store = await openWithProjects(engine);
    expect(await nextTaskRank(store.db, "web")).toBe(1);
    await addTasks(store, [
      { number: 1, rank: 1 },
      { number: 2, rank: 2.5 },
    ]);
    await addTasks(store, [{ number: 1, rank: 100 }], "api");
    expect(await nextTaskRank(store.db, "web")).toBe(3.5);
    expect(await rankBefore(store.db, "web", 2.5)).toBe(1.75);
    expect(await rankBefore(store.db, "web", 1)).toBe(0);
  });

  it("keeps dependency edges: set, add once, remove, dependents, a project's graph", async () => {
    const store = await openWithProjects(engine);
    const [a, b, c] = await addTasks(store, [{ number: 1 }, { number: 2 }, { number: 3 }]);
    await store.transaction((tx) => setTaskDependencies(tx, c!, [a!.id, b!.id, a!.id]));
    expect(await store.transaction((tx) => addTaskDependency(tx, c!, a!.id))).toBe(false);
    expect(await store.transaction((tx) => addTaskDependency(tx, b!, a!.id))).toBe(true);
    expect((await listDependentIds(store.db, a!.id)).sort()).toEqual([b!.id, c!.id].sort());
    const deps = await projectDependencies(store.db, "web");
    expect(deps.get(c!.id)?.sort()).toEqual([a!.id, b!.id].sort());
    expect(deps.get(b!.id)).toEqual([a!.id]);
    const many = await dependenciesOf(store.db, [a!.id, b!.id, c!.id]);
    expect([...many.keys()].sort()).toEqual([b!.id, c!.id].sort());
    expect(await dependenciesOf(store.db, [b!.id])).toEqual(new Map([[b!.id, [a!.id]]]));

    const graph = await loadTaskGraph(store.db, "web");
    expect(graph.keys.get(c!.id)).toBe("WEB-3");
    expect(graph.nodes.find((node) => node.id === a!.id)).toEqual({ id: a!.id, dependsOn: [] });

    expect(await store.transaction((tx) => removeTaskDependency(tx, c!.id, b!.id))).toBe(true);
    expect(await store.transaction((tx) => removeTaskDependency(tx, c!.id, b!.id))).toBe(false);
    await store.transaction((tx) => setTaskDependencies(tx, b!, []));
    expect(await listDependentIds(store.db, a!.id)).toEqual([c!.id]);
  });

  it("walks a task's descendants and its ancestors, nearest first", async () => {
    const store = await openWithProjects(engine);
    const [root] = await addTasks(store, [{ number: 1 }]);
    const [child] = await addTasks(store, [{ number: 2, parentId: root!.id }]);
    const [grandchild, other] = await addTasks(store, [
      { number: 3, parentId: child!.id },
      { number: 4, parentId: root!.id },
    ]);
    expect((await listDescendantIds(store.db, root!.id)).sort()).toEqual([child!.id, grandchild!.id, other!.id].sort());
    expect(await listDescendantIds(store.db, grandchild!.id)).toEqual([]);
    expect(await listAncestorIds(store.db, grandchild!.id)).toEqual([child!.id, root!.id]);
    expect(await listAncestorIds(store.db, root!.id)).toEqual([]);
  });

  it("lists the scheduler's frontier: ready todo tasks, todo parents, their dependencies and subtasks, held ones", async () => {
    const store = await openWithProjects(engine);
    const [done, ready, waiting, parent, held] = await addTasks(store, [
      { number: 1, status: "done" },
      { number: 2 },
      { number: 3 },
      { number: 4 },
      { number: 5, status: "in_progress" },
    ]);
    const [sub] = await addTasks(store, [{ number: 6, parentId: parent!.id, status: "in_progress" }]);
    await addTasks(store, [{ number: 7 }, { number: 8, status: "done" }]);
    await store.transaction(async (tx) => {
      await addTaskDependency(tx, ready!, done!.id);
      await addTaskDependency(tx, waiting!, ready!.id);
      await addTaskDependency(tx, parent!, waiting!.id);
    });
    const frontier = await listFrontierTasks(store.db, "web", [held!.id]);
    // WEB-3 waits for WEB-2 (todo): not on the frontier itself, but read as WEB-4's dependency.
    expect(keysOf(frontier).sort()).toEqual(["WEB-1", "WEB-2", "WEB-3", "WEB-4", "WEB-5", "WEB-6", "WEB-7"].sort());
    expect(frontier.find((task) => task.id === parent!.id)!.dependsOn).toEqual([waiting!.id]);
    expect(frontier.find((task) => task.id === sub!.id)!.parentId).toBe(parent!.id);
    expect(await listFrontierTasks(store.db, "api", [])).toEqual([]);
  });

  it("pages tasks in rank order: one status or several, top level, after a position", async () => {
    const store = await openWithProjects(engine);
    const [a] = await addTasks(store, [
      { number: 1, rank: 3 },
      { number: 2, rank: 1, status: "done" },
      { number: 3, rank: 3, status: "in_progress" },
      { number: 4, rank: 2, status: "blocked" },
    ]);
    await addTasks(store, [{ number: 5, rank: 0, parentId: a!.id }]);
    const page = (query: Partial<Parameters<typeof pageTasks>[1]>) =>
      pageTasks(store.db, { projectId: "web", fetch: 10, ...query });

    expect(keysOf((await page({})).tasks)).toEqual(["WEB-5", "WEB-2", "WEB-4", "WEB-1", "WEB-3"]);
    expect(keysOf((await page({ statuses: ["todo"] })).tasks)).toEqual(["WEB-5", "WEB-1"]);
    const several = await page({ statuses: ["todo", "in_progress", "done"], parentId: null, fetch: 2 });
    expect(several).toEqual({
      tasks: [expect.objectContaining({ key: "WEB-2" }), expect.objectContaining({ key: "WEB-1" })],
      scannedTo: null,
    });
    expect(keysOf((await page({ after: { rank: 3, number: 1 } })).tasks)).toEqual(["WEB-3"]);
    expect(keysOf((await page({ parentId: a!.id })).tasks)).toEqual(["WEB-5"]);
  });

  it("searches as the domain does: key, number as written, title ignoring ASCII case only, LIKE's wildcards literal", async () => {
    const store = await openWithProjects(engine);
    await addTasks(store, [
      { number: 1, title: "Fix the PARSER" },
      { number: 2, title: "50% off" },
      { number: 3, title: "500 off" },
      { number: 4, title: "Éclair" },
      { number: 5, title: "éclair pie" },
      { number: 6, title: "snake_case" },
      { number: 30, title: "snakeXcase" },
    ]);
    const search = async (text: string, statuses?: TaskStatus[]) =>
      keysOf((await pageTasks(store.db, { projectId: "web", fetch: 10, search: text, statuses })).tasks);
    expect(await search("parser")).toEqual(["WEB-1"]);
    expect(await search("Fix The")).toEqual(["WEB-1"]);
    expect(await search("50%")).toEqual(["WEB-2"]);
    expect(await search("snake_")).toEqual(["WEB-6"]);
    // Only ASCII letters fold, as asciiLower: "éclair" is not "Éclair", "ÉCLAIR" is.
    expect(await search("éclair")).toEqual(["WEB-5"]);
    expect(await search("ÉCLAIR")).toEqual(["WEB-4"]);
    expect(await search("web-2")).toEqual(["WEB-2"]);
    expect(await search("3")).toEqual(["WEB-3"]);
    expect(await search("03")).toEqual([]);
    expect(await search("parser", ["done"])).toEqual([]);
  });

  it("pages ready tasks: todo with every dependency done, and a search among them", async () => {
    const store = await openWithProjects(engine);
    const [a, b, c] = await addTasks(store, [
      { number: 1, status: "done" },
      { number: 2, title: "alpha" },
      { number: 3, title: "alpha two" },
      { number: 4, title: "beta" },
    ]);
    await store.transaction(async (tx) => {
      await addTaskDependency(tx, b!, a!.id);
      await addTaskDependency(tx, c!, b!.id);
    });
    const ready = (query: Partial<Parameters<typeof pageTasks>[1]>) =>
      pageTasks(store.db, { projectId: "web", fetch: 10, isReady: true, ...query });
    expect(await ready({})).toEqual({
      tasks: [expect.objectContaining({ key: "WEB-2", dependsOn: [a!.id] }), expect.objectContaining({ key: "WEB-4" })],
      scannedTo: null,
    });
    expect(keysOf((await ready({ search: "ALPHA" })).tasks)).toEqual(["WEB-2"]);
    expect(keysOf((await ready({ statuses: ["done"] })).tasks)).toEqual([]);
  });

  it("pages ready tasks from their own index: a full page however many todo tasks wait before them", async () => {
    const store = await openWithProjects(engine);
    const [blocker] = await addTasks(store, [{ number: 1, status: "in_progress" }]);
    const waiting = Array.from({ length: WAITING }, (_, i) => ({ number: i + 2 }));
    await store.transaction(async (tx) => {
      const { taskTable, taskDependencyTable } = tx.t;
      const now = new Date();
      for (let i = 0; i < waiting.length; i += 250) {
        const rows = waiting.slice(i, i + 250).map(({ number }) => ({
          id: `w${number}`,
          projectId: "web",
          number,
          key: `WEB-${number}`,
          title: `task ${number}`,
          status: "todo" as const,
          priority: "medium" as const,
          acceptanceCriteria: [],
          touches: [],
          requirementIds: [],
          rank: number,
          createdAt: now,
          updatedAt: now,
        }));
        await tx.orm.insert(taskTable).values(rows);
        await tx.orm
          .insert(taskDependencyTable)
          .values(rows.map((row) => ({ taskId: row.id, dependsOnId: blocker!.id, projectId: "web" })));
      }
    });
    await addTasks(store, [{ number: WAITING + 2 }, { number: WAITING + 3 }]);
    const slice = await pageTasks(store.db, { projectId: "web", fetch: 5, isReady: true });
    expect(keysOf(slice.tasks)).toEqual([`WEB-${WAITING + 2}`, `WEB-${WAITING + 3}`]);
    expect(slice.scannedTo).toBeNull();
    // The blocker done: every waiting task is ready, in order.
    await store.transaction(async (tx) => void (await updateTask(tx, blocker!.id, { status: "done" })));
    expect(keysOf((await pageTasks(store.db, { projectId: "web", fetch: 2, isReady: true })).tasks)).toEqual([
      "WEB-2",
      "WEB-3",
    ]);
    expect((await countTasksByStatus(store.db, "web")).ready).toBe(WAITING + 2);
  }, 60_000);
});

describe("the task search on a PostgreSQL database collated C.UTF-8", () => {
  it("still folds ASCII letters only, as the domain does (lower() would fold É there)", async () => {
    const { adminUrl, url } = inject("maestroPg");
    const name = `task_search_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(
        `CREATE DATABASE ${name} OWNER ${new URL(url).username} TEMPLATE template0 LOCALE 'C.UTF-8' ENCODING 'UTF8'`,
      );
    } finally {
      await admin.end();
    }
    const target = new URL(url);
    target.pathname = `/${name}`;
    const store = await openPgStore({ url: target.toString() });
    try {
      await store.transaction((tx) => insertProject(tx, "web"));
      await addTasks(store, [
        { number: 1, title: "Éclair" },
        { number: 2, title: "éclair pie" },
      ]);
      const search = async (text: string) =>
        keysOf((await pageTasks(store.db, { projectId: "web", fetch: 10, search: text })).tasks);
      expect(await search("éclair")).toEqual(["WEB-2"]);
      expect(await search("ÉCLAIR")).toEqual(["WEB-1"]);
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe("a task's row lock on PostgreSQL", () => {
  it("makes a second writer wait for the first's commit, then read what it wrote", async () => {
    const store = await openWithProjects("postgres");
    const [task] = await addTasks(store, [{ number: 1 }]);
    let firstHolds!: () => void;
    const holding = new Promise<void>((resolve) => (firstHolds = resolve));
    let releaseFirst!: () => void;
    const release = new Promise<void>((resolve) => (releaseFirst = resolve));
    const first = store.transaction(async (tx) => {
      await lockTaskRows(tx, [task!.id]);
      firstHolds();
      await release;
      await updateTask(tx, task!.id, { title: "first" });
    });
    await holding;
    const second = store.transaction(async (tx) => {
      await lockTaskRows(tx, [task!.id, task!.id]);
      return await findTaskById(tx, task!.id);
    });
    // The second waits on the row lock (seen by the server), not on anything of the test's.
    let waiting = 0;
    for (let attempt = 0; attempt < 500 && waiting === 0; attempt++) {
      const row = await store.db.get<{ n: number }>(
        sql`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      waiting = Number(row?.n ?? 0);
      if (waiting === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(waiting).toBe(1);
    releaseFirst();
    await first;
    expect(await second).toMatchObject({ title: "first", version: 2 });
  }, 60_000);

  it("is nothing on SQLite, and nothing for no tasks", async () => {
    const store = await openWithProjects("sqlite");
    const [task] = await addTasks(store, [{ number: 1 }]);
    await store.transaction(async (tx) => {
      await lockTaskRows(tx, [task!.id]);
      await lockTaskRows(tx, []);
      expect((await updateTask(tx, task!.id, { title: "x" })).version).toBe(2);
    });
  });
});
