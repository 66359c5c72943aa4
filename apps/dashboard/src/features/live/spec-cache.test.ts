import type { MaestroEvent } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { makeTask } from "../../test/fixtures";
import { specRefreshFor } from "./spec-cache";

const base = { id: "1", projectId: "p1", actor: "cli", ts: "2025-01-01T00:00:00.000Z" };

describe("which spec queries an event refreshes", () => {
  it("refetches every spec view on spec events", () => {
    const event = {
      ...base,
      kind: "spec.reviewed",
      entity: "spec",
      entityId: "s1",
      payload: {},
    } as unknown as MaestroEvent;
    expect(specRefreshFor(event)).toBe("all");
  });

  it("refreshes traceability only for tasks of a spec", () => {
    const ofSpec: MaestroEvent = {
      ...base,
      kind: "task.updated",
      entity: "task",
      entityId: "t1",
      payload: { task: makeTask({ specId: "s1" }), changed: ["status"] },
    };
    const plain: MaestroEvent = {
      ...base,
      kind: "task.created",
      entity: "task",
      entityId: "t2",
      payload: { task: makeTask() },
    };
    expect(specRefreshFor(ofSpec)).toBe("tasks");
    expect(specRefreshFor(plain)).toBeNull();
  });

  it("ignores events that change no spec fact", () => {
    const event: MaestroEvent = {
      ...base,
      kind: "project.deleted",
      entity: "project",
      entityId: "p1",
      payload: { key: "WEB" },
    };
    expect(specRefreshFor(event)).toBeNull();
  });
});
