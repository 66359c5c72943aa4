import type { Page, Task } from "@maestro/domain";
import type { InfiniteData } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { makeTask } from "../../test/fixtures";
import { belongsInList, dropTaskFromPages, loadedTasks, storeTaskInPages, tasksOfPages } from "./task-pages";

function pages(...lists: Array<{ items: Task[]; nextCursor: string | null }>): InfiniteData<Page<Task>> {
  return { pages: lists, pageParams: lists.map((_, i) => (i === 0 ? null : `c${i}`)) };
}

function ids(data: unknown): string[][] {
  return (data as InfiniteData<Page<Task>>).pages.map((page) => page.items.map((task) => task.id));
}

describe("belongsInList", () => {
  const task = makeTask({ projectId: "p1", status: "todo", parentId: "parent" });

  it("matches project, statuses and parent", () => {
    expect(belongsInList({ projectId: "p1" }, task)).toBe(true);
    expect(belongsInList({ projectId: "p2" }, task)).toBe(false);
    expect(belongsInList({ projectId: "p1", status: ["todo", "done"] }, task)).toBe(true);
    expect(belongsInList({ projectId: "p1", status: "in_review" }, task)).toBe(false);
    expect(belongsInList({ projectId: "p1", parentId: null }, task)).toBe(false);
    expect(belongsInList({ projectId: "p1", parentId: "parent" }, task)).toBe(true);
  });

  it("leaves readiness to the server", () => {
    expect(belongsInList({ projectId: "p1", ready: true }, task)).toBeNull();
  });

  it("drops a task from a search it no longer matches; one that matches is placed by the server (bounded scans)", () => {
    const titled = makeTask({ projectId: "p1", key: "WEB-12", title: "Fix the Login page", status: "todo" });
    expect(belongsInList({ projectId: "p1", q: "pizza" }, titled)).toBe(false);
    expect(belongsInList({ projectId: "p1", q: "login" }, titled)).toBeNull();
    expect(belongsInList({ projectId: "p1", q: "web-12" }, titled)).toBeNull();
    expect(belongsInList({ projectId: "p1", q: "12" }, titled)).toBeNull();
    expect(belongsInList({ projectId: "p1", q: "login", status: ["done"] }, titled)).toBe(false);
    expect(belongsInList({ projectId: "p1", q: "  " }, titled)).toBe(true);
  });
});

describe("storeTaskInPages", () => {
  const a = makeTask({ rank: 1 });
  const b = makeTask({ rank: 2 });
  const c = makeTask({ rank: 3 });
  const d = makeTask({ rank: 4 });

  it("leaves a list that was never fetched alone", () => {
    expect(storeTaskInPages(undefined, a, true)).toBeUndefined();
  });

  it("puts a new task in order inside the loaded pages", () => {
    const data = pages({ items: [a, c], nextCursor: "x" }, { items: [d], nextCursor: "y" });
    expect(ids(storeTaskInPages(data, b, true))).toEqual([[a.id, b.id, c.id], [d.id]]);
  });

  it("leaves a task that sorts after the loaded pages to a later page, so it never shows twice", () => {
    const data = pages({ items: [a, b], nextCursor: "x" });
    expect(storeTaskInPages(data, c, true)).toBe(data);
  });

  it("adds at the end once the last page is loaded", () => {
    const data = pages({ items: [a, b], nextCursor: null });
    expect(ids(storeTaskInPages(data, c, true))).toEqual([[a.id, b.id, c.id]]);
  });

  it("takes a task that moved to another column out of this one", () => {
    const data = pages({ items: [a, b], nextCursor: "x" }, { items: [c], nextCursor: null });
    expect(ids(storeTaskInPages(data, { ...b, status: "done", version: 2 }, false))).toEqual([[a.id], [c.id]]);
  });

  it("moves a task whose rank changed, dropping it when it now sorts past the loaded pages", () => {
    const data = pages({ items: [a, b, c], nextCursor: "x" });
    expect(ids(storeTaskInPages(data, { ...a, rank: 2.5, version: 2 }, true))).toEqual([[b.id, a.id, c.id]]);
    expect(ids(storeTaskInPages(data, { ...a, rank: 9, version: 2 }, true))).toEqual([[b.id, c.id]]);
  });

  it("ignores an older copy arriving after a newer one", () => {
    const current = { ...b, version: 3, title: "new" };
    const data = pages({ items: [a, current], nextCursor: null });
    expect(storeTaskInPages(data, { ...b, version: 2, title: "old" }, true)).toBe(data);
    expect(storeTaskInPages(data, { ...b, version: 2, status: "done" }, false)).toBe(data);
  });

  it("patches a single page (useQuery) as well", () => {
    const page = { items: [a], nextCursor: null };
    expect(storeTaskInPages(page, b, true)).toEqual({ items: [a, b], nextCursor: null });
  });

  it("orders equal ranks by the number in the key", () => {
    const first = makeTask({ key: "WEB-2", rank: 5 });
    const second = makeTask({ key: "WEB-10", rank: 5 });
    const data = pages({ items: [second], nextCursor: null });
    expect(ids(storeTaskInPages(data, first, true))).toEqual([[first.id, second.id]]);
  });
});

describe("dropTaskFromPages", () => {
  it("removes a deleted task from whichever page holds it", () => {
    const a = makeTask();
    const b = makeTask();
    const data = pages({ items: [a], nextCursor: "x" }, { items: [b], nextCursor: null });
    expect(ids(dropTaskFromPages(data, b.id))).toEqual([[a.id], []]);
    expect(dropTaskFromPages(data, "other")).toBe(data);
  });
});

describe("tasksOfPages", () => {
  it("merges lists, keeps the newest copy of each task, in the server's order", () => {
    const a = makeTask({ rank: 1 });
    const b = makeTask({ rank: 2 });
    const newerA = { ...a, version: 2, title: "newer" };
    const merged = tasksOfPages([
      pages({ items: [b, a], nextCursor: null }),
      { items: [newerA], nextCursor: null },
      undefined,
    ]);
    expect(merged).toEqual([newerA, b]);
  });
});

describe("loadedTasks", () => {
  it("lists a task that came again with a later page once, where the later page put it", () => {
    const a = makeTask();
    const b = makeTask();
    const movedA = { ...a, rank: 9, version: 2 };
    const data = pages({ items: [a, b], nextCursor: "x" }, { items: [movedA], nextCursor: null });
    expect(loadedTasks(data)).toEqual([b, movedA]);
  });
});
