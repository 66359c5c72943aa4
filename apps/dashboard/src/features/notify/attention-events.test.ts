import type { MaestroEvent } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { makeTask } from "../../test/fixtures";
import { changesAttention, isRecent } from "./attention-events";

const base = { id: "1", projectId: "p1", actor: "runner", ts: "2025-01-01T00:00:00.000Z" };

describe("changesAttention", () => {
  it("moves the count on status changes and on what adds or removes work, not on edits", () => {
    const task = makeTask();
    const updated = (changed: string[]) =>
      ({
        ...base,
        kind: "task.updated",
        entity: "task",
        entityId: task.id,
        payload: { task, changed },
      }) as MaestroEvent;
    expect(changesAttention(updated(["status"]))).toBe(true);
    expect(changesAttention(updated(["title"]))).toBe(false);
    // Regression: approved (queued to land), a task in review no longer waits for the person.
    expect(changesAttention(updated(["landing"]))).toBe(true);
    const deleted = { ...base, kind: "task.deleted", entity: "task", entityId: task.id, payload: { key: task.key } };
    expect(changesAttention(deleted as MaestroEvent)).toBe(true);
  });
});

describe("isRecent", () => {
  it("lets events of the last ten minutes notify, not older ones replayed after a long disconnect", () => {
    const now = Date.parse("2025-01-01T00:10:00.000Z");
    expect(isRecent({ ts: "2025-01-01T00:00:00.000Z" }, now)).toBe(true);
    expect(isRecent({ ts: "2024-12-31T23:59:59.000Z" }, now)).toBe(false);
  });
});
