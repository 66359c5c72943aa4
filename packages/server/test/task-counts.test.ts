import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type World, makeWorld } from "./helpers";

// Issue 15 (big projects): the board's column counts come from the database, not from every task.

let world: World;

beforeEach(async () => {
  world = await makeWorld();
  await world.caller.project.create({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
  await world.caller.project.create({ name: "Api", rootDir: "/tmp/api", key: "API" });
});
afterEach(async () => await world.close());

describe("task.counts", () => {
  it("counts one project's tasks per status, every status present, and the ready ones", async () => {
    const a = await world.caller.task.create({ projectId: "WEB", title: "A" });
    await world.caller.task.create({ projectId: "WEB", title: "B", dependsOn: [a.id] });
    await world.caller.task.create({ projectId: "WEB", title: "C", status: "in_review" });
    await world.caller.task.create({ projectId: "API", title: "D" });
    expect(await world.caller.task.counts({ id: "WEB" })).toEqual({
      byStatus: { todo: 2, in_progress: 0, in_review: 1, done: 0, blocked: 0, failed: 0, cancelled: 0 },
      total: 3,
      ready: 1,
    });
    await world.caller.task.update({ id: a.id, status: "done" });
    expect(await world.caller.task.counts({ id: "WEB" })).toMatchObject({ ready: 1, total: 3 });
  });

  it("refuses an unknown project", async () => {
    await expect(world.caller.task.counts({ id: "NOPE" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
