import { describe, expect, it } from "vitest";
import { makeProject, makeTask } from "../../test/fixtures";
import { newerTask, removeProject, removeTask, upsertProject, upsertTask } from "./cache-updates";

describe("upsertTask", () => {
  it("leaves a list that was never fetched alone", () => {
    expect(upsertTask(undefined, makeTask())).toBeUndefined();
  });

  it("adds a new task in rank order", () => {
    const first = makeTask({ rank: 1 });
    const third = makeTask({ rank: 3 });
    const second = makeTask({ rank: 2 });
    expect(upsertTask([first, third], second)?.map((task) => task.id)).toEqual([first.id, second.id, third.id]);
  });

  it("replaces a task with a newer version in place", () => {
    const task = makeTask({ status: "todo", version: 1 });
    const other = makeTask();
    const moved = { ...task, status: "in_progress" as const, version: 2 };
    expect(upsertTask([task, other], moved)).toEqual([moved, other]);
  });

  it("ignores an older copy arriving after a newer one", () => {
    const current = makeTask({ version: 3, title: "new" });
    const list = [current];
    expect(upsertTask(list, { ...current, version: 2, title: "old" })).toBe(list);
  });

  it("re-sorts when the rank changed", () => {
    const a = makeTask({ rank: 1 });
    const b = makeTask({ rank: 2 });
    const movedA = { ...a, rank: 3, version: 2 };
    expect(upsertTask([a, b], movedA)?.map((task) => task.id)).toEqual([b.id, a.id]);
  });
});

describe("removeTask", () => {
  it("drops the task and keeps undefined lists undefined", () => {
    const a = makeTask();
    const b = makeTask();
    expect(removeTask([a, b], a.id)).toEqual([b]);
    expect(removeTask(undefined, a.id)).toBeUndefined();
  });
});

describe("newerTask", () => {
  it("keeps the higher version", () => {
    const v2 = makeTask({ version: 2 });
    expect(newerTask(v2, { ...v2, version: 1 })).toBe(v2);
    const v3 = { ...v2, version: 3 };
    expect(newerTask(v2, v3)).toBe(v3);
    expect(newerTask(undefined, v2)).toBe(v2);
  });
});

describe("projects", () => {
  it("upserts and removes", () => {
    const web = makeProject();
    const api = makeProject({ id: "p2", key: "API", name: "Api" });
    const renamed = { ...web, name: "Website" };
    const page = (items: (typeof web)[]) => ({ items, nextCursor: null });
    expect(upsertProject(page([web]), api)).toEqual(page([web, api]));
    expect(upsertProject(page([web, api]), renamed)).toEqual(page([renamed, api]));
    expect(removeProject(page([web, api]), web.id)).toEqual(page([api]));
    expect(upsertProject(undefined, web)).toBeUndefined();
  });
});
