import { NO_LANDING, type Task } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { makeTask } from "../../test/fixtures";
import { describeOverlap, overlapsByTask, taskOverlaps } from "./overlaps";

function onBranch(key: string, changedFiles: string[], overrides: Partial<Task> = {}): Task {
  return makeTask({
    key,
    status: "in_progress",
    landing: { ...NO_LANDING, branch: `maestro/${key}-1`, changedFiles },
    ...overrides,
  });
}

describe("taskOverlaps", () => {
  it("names each shared file with the other in-flight tasks that change it", () => {
    const mine = onBranch("WEB-1", ["src/auth.ts", "src/app.ts", "README.md"]);
    const tasks = [
      mine,
      onBranch("WEB-9", ["src/auth.ts"]),
      onBranch("WEB-7", ["src/auth.ts", "src/app.ts"]),
      onBranch("WEB-8", ["other.ts"]),
    ];
    expect(taskOverlaps(mine, tasks).map(describeOverlap)).toEqual([
      "also changes src/app.ts: WEB-7",
      "also changes src/auth.ts: WEB-7, WEB-9",
    ]);
  });

  it("ignores work that landed, was cancelled or never had a branch", () => {
    const mine = onBranch("WEB-1", ["a.ts"]);
    const landed = onBranch("WEB-2", ["a.ts"], {
      status: "done",
      landing: { ...NO_LANDING, branch: "b", changedFiles: ["a.ts"], landState: "landed" },
    });
    const cancelled = onBranch("WEB-3", ["a.ts"], { status: "cancelled" });
    const noBranch = makeTask({ key: "WEB-4", landing: { ...NO_LANDING, changedFiles: ["a.ts"] } });
    expect(taskOverlaps(mine, [mine, landed, cancelled, noBranch])).toEqual([]);
    expect(taskOverlaps(landed, [mine, landed])).toEqual([]);
  });
});

describe("overlapsByTask", () => {
  it("agrees with taskOverlaps for every task", () => {
    const tasks = [
      onBranch("WEB-1", ["a.ts", "b.ts"]),
      onBranch("WEB-2", ["b.ts", "a.ts"]),
      onBranch("WEB-3", ["b.ts"]),
      onBranch("WEB-4", ["c.ts"]),
    ];
    const all = overlapsByTask(tasks);
    for (const task of tasks) expect(all.get(task.id) ?? []).toEqual(taskOverlaps(task, tasks));
    expect(all.has(tasks[3]!.id)).toBe(false);
  });
});
