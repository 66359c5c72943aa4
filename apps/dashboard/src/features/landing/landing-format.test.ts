import { NO_LANDING, type Task, type TaskLanding } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { makeTask } from "../../test/fixtures";
import { landingActions, landingMark } from "./landing-format";

function withLanding(status: Task["status"], landing: Partial<TaskLanding>): Task {
  return makeTask({ status, landing: { ...NO_LANDING, branch: "maestro/WEB-1-1", headCommit: "abc", ...landing } });
}

describe("landingActions", () => {
  const none = { canApprove: false, canRequestChanges: false, canLand: false, canResolve: false };

  it("offers a verdict on a task in review whose checked commit waits for one", () => {
    expect(landingActions(withLanding("in_review", { reviewState: "pending" }))).toEqual({
      ...none,
      canApprove: true,
      canRequestChanges: true,
    });
  });

  it("offers landing once approved, queued or waiting, and resolving on a conflict", () => {
    expect(landingActions(withLanding("in_review", { reviewState: "approved" }))).toEqual({
      ...none,
      canRequestChanges: true,
      canLand: true,
    });
    expect(landingActions(withLanding("in_review", { landState: "waiting" })).canLand).toBe(true);
    expect(landingActions(withLanding("in_review", { landState: "landing" }))).toEqual(none);
    expect(landingActions(withLanding("in_review", { landState: "conflict" }))).toEqual({
      ...none,
      canRequestChanges: true,
      canResolve: true,
    });
  });

  it("offers nothing on a task without a checked commit or not in review", () => {
    expect(landingActions(makeTask({ status: "in_review" }))).toEqual(none);
    expect(landingActions(withLanding("in_review", { headCommit: null, reviewState: "pending" }))).toEqual(none);
    expect(landingActions(withLanding("in_progress", { reviewState: "pending" }))).toEqual(none);
  });
});

describe("landingMark", () => {
  it("tells landed work from done work that never landed", () => {
    expect(landingMark(withLanding("done", { landState: "landed", landedCommit: "abc" }))).toBe("landed");
    expect(landingMark(withLanding("done", {}))).toBe("not_landed");
    expect(landingMark(withLanding("in_review", { landState: "conflict" }))).toBe("conflict");
  });

  it("marks nothing on a task that never worked on a branch, or is still at work", () => {
    expect(landingMark(makeTask({ status: "done" }))).toBeNull();
    expect(landingMark(withLanding("in_progress", {}))).toBeNull();
  });
});
