import { describe, expect, it } from "vitest";
import { makeSession } from "../../test/fixtures";
import { isOlderSession, sessionMatches, upsertSession } from "./session-cache";

describe("sessionMatches", () => {
  const session = makeSession({ projectId: "p1", taskIds: ["t1", "t2"], status: "running" });
  it("checks project, task and statuses", () => {
    expect(sessionMatches({}, session)).toBe(true);
    expect(sessionMatches({ projectId: "p1", taskId: "t2", status: "running" }, session)).toBe(true);
    expect(sessionMatches({ projectId: "p2" }, session)).toBe(false);
    expect(sessionMatches({ taskId: "t3" }, session)).toBe(false);
    expect(sessionMatches({ status: ["queued", "needs_input"] }, session)).toBe(false);
    expect(sessionMatches({ status: ["queued", "running"] }, session)).toBe(true);
  });

  it("checks end reasons, which a session that has not ended has none of", () => {
    const stopped = makeSession({ status: "cancelled", endReason: "stopped" });
    expect(sessionMatches({ endReason: "stopped" }, stopped)).toBe(true);
    expect(sessionMatches({ endReason: ["failed", "spawn_failed"] }, stopped)).toBe(false);
    expect(sessionMatches({ endReason: "stopped" }, session)).toBe(false);
    expect(sessionMatches({ endReason: [] }, session)).toBe(true);
  });
});

describe("upsertSession", () => {
  it("leaves unfetched lists alone", () => {
    expect(upsertSession(undefined, makeSession(), {})).toBeUndefined();
  });

  it("inserts a new matching session newest first, within the limit", () => {
    const old = makeSession({ createdAt: "2025-01-01T00:00:00.000Z" });
    const fresh = makeSession({ createdAt: "2025-01-02T00:00:00.000Z" });
    expect(upsertSession([old], fresh, {})?.map((s) => s.id)).toEqual([fresh.id, old.id]);
    expect(upsertSession([old], fresh, { limit: 1 })?.map((s) => s.id)).toEqual([fresh.id]);
  });

  it("replaces in place, and drops a session that no longer matches the filter", () => {
    const session = makeSession({ status: "needs_input" });
    const answered = { ...session, status: "running" as const };
    expect(upsertSession([session], answered, {})).toEqual([answered]);
    expect(upsertSession([session], answered, { status: "needs_input" })).toEqual([]);
  });

  it("ignores a non-matching session that is not listed", () => {
    const list = [makeSession()];
    expect(upsertSession(list, makeSession({ status: "failed" }), { status: "running" })).toBe(list);
  });
});

describe("isOlderSession", () => {
  it("refuses to move a session back to an earlier stage", () => {
    const running = makeSession({ status: "running" });
    expect(isOlderSession(running, { ...running, status: "queued" })).toBe(true);
    expect(isOlderSession(running, { ...running, status: "succeeded" })).toBe(false);
    expect(isOlderSession(running, { ...running, status: "needs_input" })).toBe(false);
    expect(isOlderSession(undefined, running)).toBe(false);
  });
});
