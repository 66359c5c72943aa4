import { describe, expect, it } from "vitest";
import {
  type MaestroEvent,
  type Session,
  isWebhookNotice,
  noticeOf,
  noticeTriggerOf,
  sessionTaskIdOf,
} from "../src/index";
import { makeTask } from "./fixtures";

// Issue 14 (notifications): the one mapping webhooks and the dashboard share.

const base = { id: "9", projectId: "p", actor: "runner", ts: "2026-01-01T00:00:00.000Z" };

function sessionEvent(
  status: Session["status"],
  changed = ["status"],
  startedAt: string | null = base.ts,
): MaestroEvent {
  const session = { id: "s1", projectId: "p", agent: "claude", status, taskIds: ["t0", "t1"], queueIndex: 1 };
  const payload = { session: { ...session, lastReport: null, error: null, startedAt } as unknown as Session, changed };
  return { ...base, kind: "session.updated", entity: "session", entityId: "s1", payload };
}

function taskEvent(status: "failed" | "in_review" | "cancelled" | "in_progress"): MaestroEvent {
  const task = makeTask({ status });
  return { ...base, kind: "task.updated", entity: "task", entityId: task.id, payload: { task, changed: ["status"] } };
}

describe("noticeTriggerOf", () => {
  it("tells which status changes may notify, and nothing else", () => {
    expect(noticeTriggerOf(sessionEvent("needs_input"))?.kind).toBe("needs_input");
    expect(noticeTriggerOf(sessionEvent("waiting"))?.kind).toBe("usage_limit");
    expect(noticeTriggerOf(sessionEvent("needs_input", ["lastReport"]))).toBeNull();
    expect(noticeTriggerOf(sessionEvent("running"))).toBeNull();
    expect(noticeTriggerOf(taskEvent("failed"))?.kind).toBe("failed");
    expect(noticeTriggerOf(taskEvent("in_review"))?.kind).toBe("review");
    expect(noticeTriggerOf(taskEvent("cancelled"))?.kind).toBe("task_closed");
    expect(noticeTriggerOf(taskEvent("in_progress"))).toBeNull();
  });

  it("regression: a task the lander takes on its own (auto-land) waits for nobody, so it is no review notice", () => {
    for (const landState of ["queued", "landing"] as const) {
      const task = makeTask({ status: "in_review" });
      const queued = { ...task, landing: { ...task.landing, landState } };
      const event = { ...taskEvent("in_review"), payload: { task: queued, changed: ["status"] } } as MaestroEvent;
      expect(noticeTriggerOf(event)).toBeNull();
    }
  });

  it("regression: a pause holding queued sessions (never started) notifies once, not once per held session", () => {
    expect(noticeTriggerOf(sessionEvent("waiting", ["status", "error"], null))).toBeNull();
    expect(noticeTriggerOf(sessionEvent("waiting", ["status", "error"]))?.kind).toBe("usage_limit");
  });

  it("names the task a session works on now, for the reader to look up", () => {
    expect(sessionTaskIdOf(noticeTriggerOf(sessionEvent("needs_input"))!)).toBe("t1");
    expect(sessionTaskIdOf(noticeTriggerOf(taskEvent("failed"))!)).toBeNull();
  });
});

describe("noticeOf", () => {
  it("makes autopilot_done of a closing task only when the graph is finished", () => {
    const trigger = noticeTriggerOf(taskEvent("cancelled"))!;
    expect(noticeOf(trigger, { projectKey: "WEB", isGraphFinished: false })).toBeNull();
    expect(noticeOf(trigger, { projectKey: "WEB", isGraphFinished: true })).toMatchObject({
      kind: "autopilot_done",
      path: "/projects/WEB/graph",
    });
  });

  it("keeps usage limits to the browser: they are no webhook event", () => {
    const limit = noticeOf(noticeTriggerOf(sessionEvent("waiting"))!, { projectKey: "WEB" })!;
    expect(limit).toMatchObject({ path: "/agents", summary: "a usage limit paused agent claude" });
    expect(isWebhookNotice(limit)).toBe(false);
    expect(isWebhookNotice(noticeOf(noticeTriggerOf(taskEvent("failed"))!, { projectKey: "WEB" })!)).toBe(true);
  });
});
