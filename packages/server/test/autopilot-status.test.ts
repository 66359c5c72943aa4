import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AUTOPILOT_QUEUE_SHOWN, AUTOPILOT_STATUS_TASKS_MAX } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type World, expectTrpcError, makeWorld } from "./helpers";

let world: World;
let dir: string;
const SIZE = AUTOPILOT_QUEUE_SHOWN + 10;

beforeEach(async () => {
  world = await makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-autopilot-status-"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
  for (let i = 1; i <= SIZE; i++) await world.caller.task.create({ projectId: "WEB", title: `t${i}`, command: "true" });
  await world.caller.task.create({ projectId: "WEB", title: "last", command: "true", dependsOn: ["WEB-1"] });
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

// Issue 15: at 10,000 tasks the status explained every task (1.4 MiB per call, refetched on every change).
describe("autopilot.status answers explanations only for the tasks asked about", () => {
  it("explains the tasks asked for, in that order, once each; the rest only counted", async () => {
    const first = await world.caller.task.byId({ id: "WEB-1" });
    const status = await world.caller.autopilot.status({
      projectId: "WEB",
      taskIds: ["WEB-61", first.id, "web-2", "WEB-61", "WEB-999"],
    });
    expect(status.tasks.map((why) => [why.key, why.text])).toEqual([
      ["WEB-61", "waiting for WEB-1"],
      ["WEB-1", "ready; autopilot is off (run it, or start autopilot)"],
      ["WEB-2", "ready; autopilot is off (run it, or start autopilot)"],
    ]);
    expect(status.reasonCounts).toEqual({ autopilot: SIZE, dependencies: 1 });
    expect((await world.caller.autopilot.status({ projectId: "WEB" })).tasks).toEqual([]);
  });

  it("holds the queue's head and counts the whole queue", async () => {
    const started = await world.caller.autopilot.start({ projectId: "WEB", maxConcurrent: 1 });
    const status = await world.caller.autopilot.status({ projectId: "WEB" });
    for (const answer of [started, status]) {
      expect(answer.queue).toHaveLength(AUTOPILOT_QUEUE_SHOWN);
      expect(answer.queueLength).toBe(SIZE - 1);
      expect(answer.queue[0]).toMatchObject({ key: "WEB-2", title: "t2" });
      expect(answer.tasks).toEqual([]);
    }
    expect(status.reasonCounts).toEqual({ starting: 1, limit: SIZE - 1, dependencies: 1 });
  });

  it("refuses more task ids than a page, naming the field", async () => {
    const taskIds = Array.from({ length: AUTOPILOT_STATUS_TASKS_MAX + 1 }, (_, i) => `WEB-${i + 1}`);
    await expectTrpcError(world.caller.autopilot.status({ projectId: "WEB", taskIds }), "BAD_REQUEST", /taskIds/);
  });
});
