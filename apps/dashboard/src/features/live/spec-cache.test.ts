import type { MaestroEvent } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { makeTask } from "../../test/fixtures";
import { specRefreshFor } from "./spec-cache";

/** An event of `kind` about `entityId`; the entity is the kind's first part ("task.updated" → task). */
function eventOf(kind: MaestroEvent["kind"], entityId: string, payload: object): MaestroEvent {
  const entity = kind.slice(0, kind.indexOf("."));
  return {
    id: "1",
    projectId: "p1",
    actor: "cli",
    ts: "2025-01-01T00:00:00.000Z",
    kind,
    entity,
    entityId,
    payload,
  } as MaestroEvent;
}

describe("which spec queries an event refreshes", () => {
  it("refetches every spec view on spec events", () => {
    expect(specRefreshFor(eventOf("spec.reviewed", "s1", {}))).toBe("all");
  });

  it("refreshes traceability only for tasks of a spec", () => {
    const ofSpec = eventOf("task.updated", "t1", { task: makeTask({ specId: "s1" }), changed: ["status"] });
    const plain = eventOf("task.created", "t2", { task: makeTask() });
    expect(specRefreshFor(ofSpec)).toBe("tasks");
    expect(specRefreshFor(plain)).toBeNull();
  });

  it("ignores events that change no spec fact", () => {
    expect(specRefreshFor(eventOf("project.deleted", "p1", { key: "WEB" }))).toBeNull();
  });
});
