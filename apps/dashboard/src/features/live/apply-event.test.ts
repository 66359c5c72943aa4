import type { AppRouter } from "@maestro/server";
import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { describe, expect, it } from "vitest";
import { makeProject, makeTask } from "../../test/fixtures";
import { applyEvent } from "./apply-event";

function setup() {
  const queryClient = new QueryClient();
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: createTRPCClient<AppRouter>({ links: [] }), queryClient });
  const statusKey = (projectId: string) => trpc.autopilot.status.queryKey({ projectId });
  const status = { projectId: "p1", state: "off", maxConcurrent: null, queue: [], tasks: [] };
  queryClient.setQueryData(statusKey("p1"), status as never);
  queryClient.setQueryData(statusKey("p2"), { ...status, projectId: "p2" } as never);
  // The task panel's and the graph's: the same status with the explanations of some tasks.
  const explainedKey = trpc.autopilot.status.queryKey({ projectId: "p1", taskIds: ["t1", "t2"] });
  queryClient.setQueryData(explainedKey, status as never);
  const isStale = (projectId: string) => queryClient.getQueryState(statusKey(projectId))?.isInvalidated;
  const isExplainedStale = () => queryClient.getQueryState(explainedKey)?.isInvalidated;
  return { queryClient, trpc, statusKey, explainedKey, isStale, isExplainedStale };
}

const base = { id: "1", projectId: "p1", actor: "system", ts: "2025-01-01T00:00:00.000Z" };

describe("applyEvent and the autopilot status", () => {
  it("refetches the project's status when one of its tasks changes, not other projects'", () => {
    const { queryClient, trpc, isStale, isExplainedStale } = setup();
    const task = makeTask({ projectId: "p1" });
    applyEvent(queryClient, trpc, {
      ...base,
      kind: "task.updated",
      entity: "task",
      entityId: task.id,
      payload: { task, changed: ["status"] },
    });
    expect(isStale("p1")).toBe(true);
    expect(isExplainedStale()).toBe(true);
    expect(isStale("p2")).toBe(false);
  });

  it("shows an autopilot.updated state at once, and refetches the rest", () => {
    const { queryClient, trpc, statusKey, explainedKey, isStale, isExplainedStale } = setup();
    const autopilot = {
      projectId: "p1",
      state: "on" as const,
      maxConcurrent: 3,
      pauseReason: null,
      updatedAt: base.ts,
    };
    applyEvent(queryClient, trpc, {
      ...base,
      kind: "autopilot.updated",
      entity: "project",
      entityId: "p1",
      payload: { autopilot },
    });
    expect(queryClient.getQueryData(statusKey("p1"))).toMatchObject({ state: "on", maxConcurrent: 3 });
    expect(queryClient.getQueryData(explainedKey)).toMatchObject({ state: "on", maxConcurrent: 3 });
    expect(isStale("p1")).toBe(true);
    expect(isExplainedStale()).toBe(true);
  });

  it("leaves the status alone for agent output", () => {
    const { queryClient, trpc, isStale } = setup();
    applyEvent(queryClient, trpc, {
      ...base,
      kind: "session.output",
      entity: "session",
      entityId: "s1",
      payload: { event: { type: "message", text: "hi" } as never },
    });
    expect(isStale("p1")).toBe(false);
  });
});

describe("applyEvent and cached project lists", () => {
  const projectEvent = (kind: "project.created" | "project.updated", project: ReturnType<typeof makeProject>) =>
    ({ ...base, kind, entity: "project", entityId: project.id, projectId: project.id, payload: { project } }) as const;

  it("patches every loaded page of project.list: a new project joins a complete list's end, a changed one is replaced, a deleted one goes", () => {
    const { queryClient, trpc } = setup();
    const web = makeProject({ id: "p1", key: "WEB" });
    const api = makeProject({ id: "p2", key: "API" });
    const all = trpc.project.list.infiniteQueryKey({ limit: 500 });
    const firstOfMany = trpc.project.list.infiniteQueryKey({ limit: 1 });
    queryClient.setQueryData(all, { pages: [{ items: [web], nextCursor: null }], pageParams: [null] });
    queryClient.setQueryData(firstOfMany, { pages: [{ items: [web], nextCursor: "c1" }], pageParams: [null] });

    applyEvent(queryClient, trpc, projectEvent("project.created", api));
    expect(queryClient.getQueryData(all)?.pages.map((page) => page.items.map((p) => p.key))).toEqual([["WEB", "API"]]);
    expect(queryClient.getQueryData(firstOfMany)?.pages[0]?.items.map((p) => p.key)).toEqual(["WEB"]);

    applyEvent(queryClient, trpc, projectEvent("project.updated", { ...web, name: "Website" }));
    expect(queryClient.getQueryData(firstOfMany)?.pages[0]?.items[0]?.name).toBe("Website");

    applyEvent(queryClient, trpc, {
      ...base,
      kind: "project.deleted",
      entity: "project",
      entityId: web.id,
      projectId: web.id,
      payload: { key: "WEB" },
    });
    expect(queryClient.getQueryData(all)?.pages[0]?.items.map((p) => p.key)).toEqual(["API"]);
    expect(queryClient.getQueryData(firstOfMany)?.pages[0]?.items).toEqual([]);
  });
});

describe("applyEvent and paged task lists", () => {
  const created = (task: ReturnType<typeof makeTask>) => ({
    ...base,
    kind: "task.created" as const,
    entity: "task" as const,
    entityId: task.id,
    payload: { task },
  });
  const updated = (task: ReturnType<typeof makeTask>) => ({
    ...base,
    kind: "task.updated" as const,
    entity: "task" as const,
    entityId: task.id,
    payload: { task, changed: ["status"] },
  });
  const column = (status: "todo" | "done") => ({ projectId: "p1", status: [status], limit: 2 });
  type Pages = { pages: Array<{ items: Array<{ id: string }> }> };
  const idsIn = (data: unknown) => (data as Pages).pages.flatMap((page) => page.items.map((task) => task.id));

  it("moves a task between the board's columns, keeps a later page's task out, drops a deleted one, recounts", () => {
    const { queryClient, trpc } = setup();
    const a = makeTask({ projectId: "p1", rank: 1 });
    const b = makeTask({ projectId: "p1", rank: 2 });
    const late = makeTask({ projectId: "p1", rank: 9 });
    const done = makeTask({ projectId: "p1", status: "done", rank: 5 });
    const todoKey = trpc.task.list.infiniteQueryKey(column("todo"));
    const doneKey = trpc.task.list.infiniteQueryKey(column("done"));
    const countsKey = trpc.task.counts.queryKey({ id: "p1" });
    queryClient.setQueryData(todoKey, { pages: [{ items: [a, b], nextCursor: "c" }], pageParams: [null] });
    queryClient.setQueryData(doneKey, { pages: [{ items: [done], nextCursor: null }], pageParams: [null] });
    queryClient.setQueryData(countsKey, { byStatus: {} as never, total: 3, ready: 1 });

    applyEvent(queryClient, trpc, updated({ ...a, status: "done", version: 2 }));
    expect(idsIn(queryClient.getQueryData(todoKey))).toEqual([b.id]);
    expect(idsIn(queryClient.getQueryData(doneKey))).toEqual([a.id, done.id]);
    expect(queryClient.getQueryState(countsKey)?.isInvalidated).toBe(true);

    applyEvent(queryClient, trpc, created(late));
    expect(idsIn(queryClient.getQueryData(todoKey))).toEqual([b.id]);

    applyEvent(queryClient, trpc, {
      ...base,
      kind: "task.deleted",
      entity: "task",
      entityId: done.id,
      payload: { key: done.key },
    });
    expect(idsIn(queryClient.getQueryData(doneKey))).toEqual([a.id]);
  });

  it("refetches a list filtered on readiness instead of guessing", () => {
    const { queryClient, trpc } = setup();
    const readyKey = trpc.task.list.infiniteQueryKey({ projectId: "p1", ready: true });
    queryClient.setQueryData(readyKey, { pages: [{ items: [], nextCursor: null }], pageParams: [null] });
    applyEvent(queryClient, trpc, created(makeTask({ projectId: "p1" })));
    expect(queryClient.getQueryState(readyKey)?.isInvalidated).toBe(true);
  });
});
