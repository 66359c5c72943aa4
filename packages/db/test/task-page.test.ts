import { type RankPosition, type Task, type TaskStatus, taskPosition } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type Store,
  type TaskPageQuery,
  addTaskDependency,
  allocateTaskNumber,
  insertTask,
  listTasks,
  openSqliteStore,
  pageTasks,
  updateTask,
} from "../src/index";
import { seedProject } from "./seed";

let database: Store;
let project: { id: string; key: string };
beforeEach(async () => {
  database = openSqliteStore({ path: ":memory:" });
  project = await seedProject(database);
});
afterEach(async () => await database.close());

type TaskSeed = { rank?: number; status?: TaskStatus; parentId?: string | null };

/** Tasks added last in the project, all in one transaction. */
async function addTasks(seeds: readonly TaskSeed[]): Promise<Task[]> {
  return await database.transaction(async (tx) => {
    const tasks: Task[] = [];
    for (const fields of seeds) {
      const number = await allocateTaskNumber(tx, project.id);
      tasks.push(
        await insertTask(tx, {
          projectId: project.id,
          projectKey: project.key,
          number,
          parentId: fields.parentId ?? null,
          title: `task ${number}`,
          description: "",
          status: fields.status ?? "todo",
          rank: fields.rank ?? number,
        }),
      );
    }
    return tasks;
  });
}

const addTask = async (fields: TaskSeed = {}): Promise<Task> => (await addTasks([fields]))[0]!;

/** Walks every page of `query` at `limit` a page; `between` runs after each page. */
async function walk(
  query: Omit<TaskPageQuery, "fetch" | "after" | "projectId">,
  limit: number,
  between?: () => Promise<void>,
) {
  const pages: Task[][] = [];
  let after: RankPosition | undefined;
  for (;;) {
    const { tasks, scannedTo } = await pageTasks(database.db, {
      ...query,
      projectId: project.id,
      after,
      fetch: limit + 1,
    });
    const items = tasks.slice(0, limit);
    pages.push(items);
    const last = items.at(-1);
    if (tasks.length > limit && last) after = taskPosition(last);
    else if (scannedTo) after = scannedTo;
    else return pages;
    await between?.();
  }
}

const keys = (tasks: readonly Task[]) => tasks.map((task) => task.key);

describe("pageTasks", () => {
  it("pages a project in the board's order (rank, then number), ties included, no gaps and no duplicates", async () => {
    const ranks = [5, 1, 3, 3, 3, 2.5, -1, 1e-7, 3, 4];
    for (const rank of ranks) await addTask({ rank });
    const pages = await walk({}, 3);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 1]);
    const whole = keys(await listTasks(database.db, { projectId: project.id }));
    expect(pages.flat().map((task) => task.key)).toEqual(whole);
    expect(whole).toEqual(["WEB-7", "WEB-8", "WEB-2", "WEB-6", "WEB-3", "WEB-4", "WEB-5", "WEB-9", "WEB-10", "WEB-1"]);
  });

  it("keeps each status and parent in order across pages, several statuses merged", async () => {
    const statuses: TaskStatus[] = ["todo", "done", "failed", "in_progress"];
    const parent = await addTask({ rank: 0 });
    for (let i = 0; i < 40; i++) {
      await addTask({ rank: 40 - i, status: statuses[i % 4], parentId: i % 3 === 0 ? parent.id : null });
    }
    const all = await listTasks(database.db, { projectId: project.id });
    const expectOf = (keep: (task: Task) => boolean) => keys(all.filter(keep));
    expect(keys((await walk({ statuses: ["done"] }, 4)).flat())).toEqual(expectOf((task) => task.status === "done"));
    const several: TaskStatus[] = ["failed", "todo", "blocked"];
    expect(keys((await walk({ statuses: several }, 7)).flat())).toEqual(
      expectOf((task) => several.includes(task.status)),
    );
    expect(keys((await walk({ parentId: parent.id }, 5)).flat())).toEqual(
      expectOf((task) => task.parentId === parent.id),
    );
    expect(keys((await walk({ parentId: null, statuses: ["todo", "done"] }, 3)).flat())).toEqual(
      expectOf((task) => task.parentId === null && ["todo", "done"].includes(task.status)),
    );
  });

  it("pages ready tasks: todo with every dependency done, full pages past any number of waiting ones", async () => {
    const done = await addTask({ status: "done" });
    const open = await addTask({ status: "in_progress" });
    // Blocked todo tasks first, more than one scan's worth, then ready ones.
    const waiting = await addTasks(Array.from({ length: 2_010 }, () => ({})));
    await database.transaction(async (tx) => {
      for (const task of waiting) await addTaskDependency(tx, task, open.id);
    });
    const ready = [await addTask(), await addTask(), await addTask()];
    await addTaskDependency(database.db, ready[1]!, done.id);
    const first = await pageTasks(database.db, { projectId: project.id, isReady: true, fetch: 3 });
    expect(keys(first.tasks)).toEqual(keys(ready));
    expect(first.scannedTo).toBeNull();
    const pages = await walk({ isReady: true }, 2);
    expect(pages.map((page) => page.length)).toEqual([2, 1]);
    expect(keys(pages.flat())).toEqual(keys(ready));
    expect(await walk({ isReady: true, statuses: ["done"] }, 2)).toEqual([[]]);
  }, 30_000);

  it("lists what was added or moved behind the cursor between pages, once; changes ahead of it are not revisited", async () => {
    for (let i = 0; i < 10; i++) await addTask();
    let step = 0;
    const pages = await walk({}, 4, async () => {
      step += 1;
      if (step !== 1) return;
      await addTask(); // WEB-11, rank 11: behind the cursor
      const [moved] = (await listTasks(database.db, { projectId: project.id })).filter((task) => task.key === "WEB-2");
      await updateTask(database.db, moved!.id, { rank: 100 }); // already listed, now behind the cursor: listed again
      const [ahead] = (await listTasks(database.db, { projectId: project.id })).filter((task) => task.key === "WEB-9");
      await updateTask(database.db, ahead!.id, { rank: 0.5 }); // not listed yet, now ahead of the cursor: missed
    });
    expect(keys(pages.flat())).toEqual([
      ...["WEB-1", "WEB-2", "WEB-3", "WEB-4"],
      ...["WEB-5", "WEB-6", "WEB-7", "WEB-8", "WEB-10", "WEB-11", "WEB-2"],
    ]);
  });
});
