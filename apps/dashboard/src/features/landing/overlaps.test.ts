import { NO_LANDING, type Task } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { makeTask } from "../../test/fixtures";
import { describeOverlap, overlapsByTask } from "./overlaps";

function onBranch(key: string, changedFiles: string[], overrides: Partial<Task> = {}): Task {
  return makeTask({
    key,
    status: "in_progress",
    landing: { ...NO_LANDING, branch: `maestro/${key}-1`, changedFiles },
    ...overrides,
  });
}

describe("overlaps as the task panel and the graph say them", () => {
  it("names each shared file with the other in-flight tasks that change it", () => {
    const mine = onBranch("WEB-1", ["src/auth.ts", "src/app.ts", "README.md"]);
    const tasks = [
      mine,
      onBranch("WEB-9", ["src/auth.ts"]),
      onBranch("WEB-7", ["src/auth.ts", "src/app.ts"]),
      onBranch("WEB-8", ["other.ts"]),
      onBranch("WEB-5", ["src/auth.ts"], { status: "cancelled" }),
    ];
    const overlaps = overlapsByTask(tasks);
    expect(overlaps.get(mine.id)?.map(describeOverlap)).toEqual([
      "also changes src/app.ts: WEB-7",
      "also changes src/auth.ts: WEB-7, WEB-9",
    ]);
    expect(overlaps.has(tasks[3]!.id)).toBe(false);
  });
});
