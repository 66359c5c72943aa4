import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type World, makeWorld } from "./helpers";

// Issue 14 (notifications): autopilot_done is asked for each closing task, by the webhook outbox
// and by every dashboard tab, so the check is one cheap query, not a read of the open tasks.

let world: World;

beforeEach(async () => {
  world = await makeWorld();
  await world.caller.project.create({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
});
afterEach(async () => await world.close());

describe("autopilot.graphFinished", () => {
  it("is true only while autopilot runs the project and no task is left open", async () => {
    const first = await world.caller.task.create({ projectId: "WEB", title: "One", status: "in_progress" });
    const second = await world.caller.task.create({ projectId: "WEB", title: "Two", status: "in_review" });
    expect(await world.caller.autopilot.graphFinished({ projectId: "WEB" })).toBe(false);
    await world.caller.autopilot.start({ projectId: "WEB" });
    await world.caller.task.update({ id: first.id, status: "done" });
    expect(await world.caller.autopilot.graphFinished({ projectId: "WEB" })).toBe(false);
    await world.caller.task.update({ id: second.id, status: "cancelled" });
    expect(await world.caller.autopilot.graphFinished({ projectId: "WEB" })).toBe(true);
    await world.caller.task.create({ projectId: "WEB", title: "Three" });
    expect(await world.caller.autopilot.graphFinished({ projectId: "WEB" })).toBe(false);
  });

  it("is false with autopilot paused, and names an unknown project", async () => {
    await world.caller.autopilot.start({ projectId: "WEB" });
    expect(await world.caller.autopilot.graphFinished({ projectId: "WEB" })).toBe(true);
    await world.caller.autopilot.pause({ projectId: "WEB" });
    expect(await world.caller.autopilot.graphFinished({ projectId: "WEB" })).toBe(false);
    await expect(world.caller.autopilot.graphFinished({ projectId: "NOPE" })).rejects.toThrow(/NOPE/);
  });
});
