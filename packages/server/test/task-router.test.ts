import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type World, expectTrpcError, makeWorld, snapshot } from "./helpers";

let world: World;
beforeEach(async () => {
  world = await makeWorld();
});
afterEach(async () => await world.close());

async function seed() {
  const web = await world.caller.project.create({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
  const api = await world.caller.project.create({ name: "Api", rootDir: "/tmp/api", key: "API" });
  const a = await world.caller.task.create({ projectId: "WEB", title: "A" });
  const b = await world.caller.task.create({ projectId: "WEB", title: "B", dependsOn: ["WEB-1"] });
  const c = await world.caller.task.create({ projectId: web.id, title: "C", dependsOn: [b.id] });
  return { web, api, a, b, c };
}

describe("project", () => {
  it("suggests a unique key when none is given", async () => {
    const first = await world.caller.project.create({ name: "Demo", rootDir: "/tmp/demo" });
    const second = await world.caller.project.create({ name: "Demo", rootDir: "/tmp/demo2" });
    expect([first.key, second.key]).toEqual(["DEMO", "DEMO2"]);
    expect(await world.caller.project.byId({ id: "demo" })).toEqual(first);
  });

  it("refuses a folder with a NUL character, naming the field (its files then failed inside: found by fuzzing)", async () => {
    const { web } = await seed();
    const before = await snapshot(world);
    await expectTrpcError(
      world.caller.project.create({ name: "Nul", rootDir: "/tmp/a\0b" }),
      "BAD_REQUEST",
      /rootDir: must not contain a NUL character/,
    );
    await expectTrpcError(
      world.caller.project.update({ id: web.id, rootDir: "/tmp/web\0" }),
      "BAD_REQUEST",
      /rootDir: must not contain a NUL character/,
    );
    expect(await snapshot(world)).toBe(before);
  });

  it("refuses a taken key", async () => {
    await world.caller.project.create({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
    await expectTrpcError(
      world.caller.project.create({ name: "Other", rootDir: "/tmp/o", key: "web" }),
      "CONFLICT",
      /WEB is already used by "Web"/,
    );
  });

  it("deletes a project with its tasks", async () => {
    const { web } = await seed();
    await world.caller.project.delete({ id: "WEB" });
    await expectTrpcError(world.caller.project.byId({ id: web.id }), "NOT_FOUND");
    await expectTrpcError(world.caller.task.byId({ id: "WEB-1" }), "NOT_FOUND", /task "WEB-1" not found/);
  });
});

describe("task", () => {
  it("creates tasks with per-project keys and dependencies by key or id", async () => {
    const { a, b, c } = await seed();
    expect([a.key, b.key, c.key]).toEqual(["WEB-1", "WEB-2", "WEB-3"]);
    expect(c.dependsOn).toEqual([b.id]);
    expect((await world.caller.task.byId({ id: "web-2" })).dependsOn).toEqual([a.id]);
  });

  it("lists exactly the ready tasks", async () => {
    await seed();
    expect((await world.caller.task.list({ projectId: "WEB", ready: true })).items.map((t) => t.key)).toEqual([
      "WEB-1",
    ]);
    await world.caller.task.update({ id: "WEB-1", status: "done" });
    expect((await world.caller.task.list({ projectId: "WEB", ready: true })).items.map((t) => t.key)).toEqual([
      "WEB-2",
    ]);
    expect((await world.caller.task.list({ projectId: "WEB", status: "done" })).items.map((t) => t.key)).toEqual([
      "WEB-1",
    ]);
  });

  it("refuses a dependency cycle, naming it, and writes nothing", async () => {
    await seed();
    const before = await snapshot(world);
    const error = await expectTrpcError(
      world.caller.task.depend({ id: "WEB-1", on: "WEB-3" }),
      "BAD_REQUEST",
      /dependency cycle: WEB-1 → WEB-3 → WEB-2 → WEB-1/,
    );
    expect(error.cause).toMatchObject({
      code: "DEPENDENCY_CYCLE",
      details: { cycle: ["WEB-1", "WEB-3", "WEB-2", "WEB-1"] },
    });
    await expectTrpcError(world.caller.task.update({ id: "WEB-1", dependsOn: ["WEB-3"] }), "BAD_REQUEST", /cycle/);
    await expectTrpcError(world.caller.task.depend({ id: "WEB-1", on: "WEB-1" }), "BAD_REQUEST", /WEB-1 → WEB-1/);
    expect(await snapshot(world)).toBe(before);
  });

  it("refuses a dependency or parent in another project", async () => {
    await seed();
    await world.caller.task.create({ projectId: "API", title: "Other" });
    const before = await snapshot(world);
    await expectTrpcError(
      world.caller.task.depend({ id: "WEB-1", on: "API-1" }),
      "BAD_REQUEST",
      /API-1 belongs to another project/,
    );
    await expectTrpcError(
      world.caller.task.create({ projectId: "WEB", title: "x", dependsOn: ["API-1"] }),
      "BAD_REQUEST",
      /another project/,
    );
    await expectTrpcError(
      world.caller.task.update({ id: "WEB-1", parentId: "API-1" }),
      "BAD_REQUEST",
      /another project/,
    );
    expect(await snapshot(world)).toBe(before);
  });

  it.each([
    ["an empty title", { title: "  " }, /title: must not be empty/],
    ["a 100 KB title", { title: "x".repeat(100_000) }, /title: must be at most 500 characters/],
    ["an unknown status", { title: "t", status: "doing" }, /status: must be one of todo/],
    ["an unknown priority", { title: "t", priority: "asap" }, /priority: must be one of low/],
  ])("refuses %s with BAD_REQUEST naming the field", async (_name, patch, message) => {
    await seed();
    const before = await snapshot(world);
    // @ts-expect-error deliberately bad input, as an untyped client could send
    await expectTrpcError(world.caller.task.create({ projectId: "WEB", ...patch }), "BAD_REQUEST", message);
    expect(await snapshot(world)).toBe(before);
  });

  it("refuses unknown projects and tasks with NOT_FOUND", async () => {
    await seed();
    await expectTrpcError(
      world.caller.task.create({ projectId: "NOPE", title: "t" }),
      "NOT_FOUND",
      /project "NOPE" not found/,
    );
    await expectTrpcError(
      world.caller.task.update({ id: "WEB-99", title: "t" }),
      "NOT_FOUND",
      /task "WEB-99" not found/,
    );
    await expectTrpcError(world.caller.task.depend({ id: "WEB-1", on: "WEB-99" }), "NOT_FOUND");
  });

  it("refuses a stale version and keeps the newer write", async () => {
    const { a } = await seed();
    const first = await world.caller.task.update({ id: a.id, version: a.version, title: "A1" });
    expect(first.version).toBe(a.version + 1);
    const before = await snapshot(world);
    const error = await expectTrpcError(
      world.caller.task.update({ id: a.id, version: a.version, title: "A2" }),
      "CONFLICT",
      /changed by someone else/,
    );
    expect(error.cause).toMatchObject({ code: "VERSION_CONFLICT", details: { currentVersion: first.version } });
    expect(await snapshot(world)).toBe(before);
    expect((await world.caller.task.byId({ id: a.id })).title).toBe("A1");
  });

  it("moves through statuses with timestamps and refuses nonsense transitions", async () => {
    const { a } = await seed();
    const started = await world.caller.task.update({ id: a.id, status: "in_progress" });
    expect(started.startedAt).not.toBeNull();
    const done = await world.caller.task.update({ id: a.id, status: "done" });
    expect(done.completedAt).not.toBeNull();
    await world.caller.task.update({ id: a.id, status: "todo" });
    await world.caller.task.update({ id: a.id, status: "cancelled" });
    await expectTrpcError(
      world.caller.task.update({ id: a.id, status: "done" }),
      "PRECONDITION_FAILED",
      /cannot go from cancelled to done/,
    );
  });

  it("reparents and refuses to put a task inside its own subtree", async () => {
    const { a, b } = await seed();
    const child = await world.caller.task.create({ projectId: "WEB", title: "child", parentId: "WEB-1" });
    expect(child.parentId).toBe(a.id);
    const moved = await world.caller.task.move({ id: "WEB-1", parentId: "WEB-2" });
    expect(moved.parentId).toBe(b.id);
    await expectTrpcError(
      world.caller.task.move({ id: "WEB-2", parentId: child.id }),
      "BAD_REQUEST",
      /WEB-2 cannot be placed under WEB-4/,
    );
    await expectTrpcError(world.caller.task.update({ id: "WEB-2", parentId: "WEB-2" }), "BAD_REQUEST", /inside/);
  });

  it("orders with move before a sibling", async () => {
    await seed();
    await world.caller.task.move({ id: "WEB-3", beforeId: "WEB-1" });
    expect((await world.caller.task.list({ projectId: "WEB" })).items.map((t) => t.key)).toEqual([
      "WEB-3",
      "WEB-1",
      "WEB-2",
    ]);
  });

  it("deletes a task, freeing its dependents and never reusing its key", async () => {
    const { b } = await seed();
    await world.caller.task.delete({ id: "WEB-1" });
    expect((await world.caller.task.byId({ id: b.id })).dependsOn).toEqual([]);
    expect((await world.caller.task.create({ projectId: "WEB", title: "D" })).key).toBe("WEB-4");
  });

  it("refuses to delete a task with subtasks unless cascading", async () => {
    await seed();
    await world.caller.task.create({ projectId: "WEB", title: "child", parentId: "WEB-1" });
    await expectTrpcError(world.caller.task.delete({ id: "WEB-1" }), "PRECONDITION_FAILED", /WEB-1 has 1 subtask/);
    await world.caller.task.delete({ id: "WEB-1", cascade: true });
    await expectTrpcError(world.caller.task.byId({ id: "WEB-4" }), "NOT_FOUND");
  });

  it("refuses to delete a task, or its parent with cascade, while a session works on it (found by fuzzing)", async () => {
    // Deleting it under the session left a session with no task: claiming, reporting and checks then failed inside.
    const dir = mkdtempSync(join(tmpdir(), "maestro-delete-"));
    try {
      await world.caller.project.create({ name: "Run", rootDir: dir, key: "RUN" });
      await world.caller.task.create({ projectId: "RUN", title: "parent" });
      await world.caller.task.create({ projectId: "RUN", title: "child", parentId: "RUN-1" });
      await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
      const session = await world.caller.session.start({ taskIds: ["RUN-2"], agent: "script" });
      const before = await snapshot(world);
      await expectTrpcError(
        world.caller.task.delete({ id: "RUN-1", cascade: true }),
        "PRECONDITION_FAILED",
        /RUN-2 has a queued session .*stop it first/,
      );
      expect(await snapshot(world)).toBe(before);
      await world.caller.session.stop({ id: session.id });
      await world.caller.task.delete({ id: "RUN-1", cascade: true });
      await expectTrpcError(world.caller.task.byId({ id: "RUN-2" }), "NOT_FOUND");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("records who changed what in the activity log", async () => {
    await seed();
    await world.caller.task.update({ id: "WEB-1", title: "renamed", priority: "high" });
    const { items: events } = await world.caller.event.list({ projectId: "WEB" });
    const last = events.at(-1)!;
    expect(last).toMatchObject({ kind: "task.updated", actor: "test", payload: { changed: ["title", "priority"] } });
    const { items: newestFirst } = await world.caller.event.list({ projectId: "WEB", limit: 2, order: "desc" });
    expect(newestFirst.map((e) => e.id)).toEqual([last.id, events.at(-2)!.id]);
  });
});
