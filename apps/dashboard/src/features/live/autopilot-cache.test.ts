import type { AutopilotState } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { refreshesAutopilot, withAutopilotState } from "./autopilot-cache";

describe("refreshesAutopilot", () => {
  it("refetches on task, session, project and autopilot changes, not on output", () => {
    for (const kind of [
      "task.created",
      "task.updated",
      "task.deleted",
      "session.created",
      "session.updated",
      "autopilot.updated",
      "project.updated",
    ] as const) {
      expect(refreshesAutopilot(kind)).toBe(true);
    }
    expect(refreshesAutopilot("session.output")).toBe(false);
    expect(refreshesAutopilot("session.reported")).toBe(false);
    expect(refreshesAutopilot("project.created")).toBe(false);
  });
});

describe("withAutopilotState", () => {
  const event: AutopilotState = {
    projectId: "p1",
    state: "on",
    maxConcurrent: 2,
    pauseReason: null,
    updatedAt: "2025-01-01T00:00:00.000Z",
  };
  it("takes the event's state and cap, keeping the rest", () => {
    const status = { projectId: "p1", state: "off" as const, maxConcurrent: null, queue: [1] };
    expect(withAutopilotState(status, event)).toEqual({ projectId: "p1", state: "on", maxConcurrent: 2, queue: [1] });
  });

  it("leaves unfetched and other projects' statuses alone", () => {
    expect(withAutopilotState(undefined, event)).toBeUndefined();
    const other = { projectId: "p2", state: "off" as const, maxConcurrent: null };
    expect(withAutopilotState(other, event)).toBe(other);
  });
});
