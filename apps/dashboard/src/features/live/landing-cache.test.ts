import type { MaestroEvent, TaskCheck, TaskReview } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { makeTask } from "../../test/fixtures";
import { landingRefreshFor } from "./landing-cache";

const base = { id: "1", projectId: "p1", actor: "cli", ts: "2025-01-01T00:00:00.000Z", entity: "task", entityId: "t1" };
const review: TaskReview = {
  id: "r1",
  taskId: "t1",
  actor: "cli",
  verdict: "approve",
  comment: "",
  comments: [],
  headCommit: null,
  createdAt: base.ts,
};
const check: TaskCheck = {
  id: "c1",
  taskId: "t1",
  sessionId: "s1",
  command: "pnpm test",
  status: "running",
  exitCode: null,
  outputTail: "",
  startedAt: base.ts,
  endedAt: null,
};

function updated(changed: string[]): MaestroEvent {
  return { ...base, kind: "task.updated", entity: "task", payload: { task: makeTask({ id: "t1" }), changed } };
}

describe("landingRefreshFor", () => {
  it("refreshes the task's reviews, checks, or diff after the event that changes them", () => {
    expect(landingRefreshFor({ ...base, kind: "task.reviewed", entity: "task", payload: { review } })).toBe("reviews");
    expect(landingRefreshFor({ ...base, kind: "task.checked", entity: "task", payload: { check } })).toBe("checks");
    expect(landingRefreshFor(updated(["status", "landing"]))).toBe("diff");
  });

  it("leaves them alone for a change elsewhere", () => {
    expect(landingRefreshFor(updated(["title"]))).toBeNull();
  });
});
