import { describe, expect, it } from "vitest";
import { makeSession } from "../../test/fixtures";
import { sessionMarkers } from "./session-markers";

describe("sessionMarkers", () => {
  it("marks the task each busy session works on", () => {
    const markers = sessionMarkers([
      makeSession({ taskIds: ["a"], status: "running" }),
      makeSession({ taskIds: ["b"], status: "queued" }),
      makeSession({ taskIds: ["c"], status: "waiting" }),
      makeSession({ taskIds: ["d"], status: "needs_input" }),
    ]);
    expect(Object.fromEntries(markers)).toEqual({ a: "running", b: "queued", c: "waiting", d: "needs_input" });
  });

  it("marks nothing for ended sessions", () => {
    const ended = (["succeeded", "failed", "cancelled", "interrupted", "timed_out"] as const).map((status) =>
      makeSession({ taskIds: ["a"], status }),
    );
    expect(sessionMarkers(ended).size).toBe(0);
  });

  it("follows a queue session to its current task", () => {
    const markers = sessionMarkers([makeSession({ taskIds: ["a", "b", "c"], queueIndex: 1, status: "running" })]);
    expect(Object.fromEntries(markers)).toEqual({ b: "running" });
  });

  it("shows the most active of several sessions on one task, whatever their order", () => {
    const queued = makeSession({ taskIds: ["a"], status: "queued" });
    const running = makeSession({ taskIds: ["a"], status: "running" });
    const waiting = makeSession({ taskIds: ["a"], status: "waiting" });
    expect(sessionMarkers([queued, running, waiting]).get("a")).toBe("running");
    expect(sessionMarkers([waiting, queued]).get("a")).toBe("waiting");
  });
});
