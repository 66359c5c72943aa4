import { NOTICE_KINDS, type MaestroEvent, type Spec } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { makeSession, makeTask } from "../../test/fixtures";
import { type NoticeLookups, browserNoticeFor } from "./resolve-notice";

const base = { id: "41", projectId: "p1", actor: "runner", ts: "2025-01-01T00:00:00.000Z" };
const task = makeTask({ id: "t-login", key: "WEB-7", title: "Login page", status: "failed" });

function lookups(overrides: Partial<NoticeLookups> = {}): NoticeLookups {
  return {
    projectKey: () => Promise.resolve("WEB"),
    task: (id) => Promise.resolve(id === task.id ? task : null),
    isGraphFinished: () => Promise.resolve(false),
    ...overrides,
  };
}

function taskUpdated(status: "failed" | "in_review" | "done" | "in_progress", changed = ["status"]): MaestroEvent {
  const updated = { ...task, status };
  return { ...base, kind: "task.updated", entity: "task", entityId: task.id, payload: { task: updated, changed } };
}

function sessionUpdated(status: "needs_input" | "waiting" | "running", extra = {}): MaestroEvent {
  const session = makeSession({ id: "sess-1234", taskIds: [task.id], status, ...extra });
  return {
    ...base,
    kind: "session.updated",
    entity: "session",
    entityId: session.id,
    payload: { session, changed: ["status"] },
  };
}

const all = [...NOTICE_KINDS];

describe("browserNoticeFor: the event → browser notification mapping", () => {
  it("a session asking a question: named after its task, the question as the body, opens the session", async () => {
    const event = sessionUpdated("needs_input", { lastReport: "Which colour\nshould it be?" });
    expect(await browserNoticeFor(event, all, lookups())).toEqual({
      kind: "needs_input",
      title: "WEB-7 needs input",
      body: "Which colour should it be?",
      path: "/sessions/sess-1234",
      tag: "maestro-event-41",
    });
  });

  it("a failed task and a task waiting for review open the task's panel", async () => {
    expect(await browserNoticeFor(taskUpdated("failed"), all, lookups())).toMatchObject({
      title: "WEB-7 failed",
      body: "Login page",
      path: "/projects/WEB/list?task=WEB-7",
    });
    expect(await browserNoticeFor(taskUpdated("in_review"), all, lookups())).toMatchObject({
      title: "WEB-7 waits for review",
      path: "/projects/WEB/review?task=WEB-7",
    });
  });

  it("a spec submitted for approval opens the spec", async () => {
    const spec = { id: "s1", projectId: "p1", slug: "sso", name: "SSO" } as Spec;
    const review = { kind: "submission", phase: "requirements" };
    const event = { ...base, kind: "spec.reviewed", entity: "spec", entityId: "s1", payload: { spec, review } };
    expect(await browserNoticeFor(event as MaestroEvent, all, lookups())).toMatchObject({
      kind: "approval",
      title: "Spec “SSO” waits for approval",
      path: "/projects/WEB/specs/sso",
    });
  });

  it("a usage-limit pause opens the agents page and names the agent", async () => {
    const event = sessionUpdated("waiting", {
      agent: "claude-work",
      error: "usage limit: paused until 14:00",
      startedAt: base.ts,
    });
    expect(await browserNoticeFor(event, all, lookups())).toMatchObject({
      kind: "usage_limit",
      title: "claude-work paused by a usage limit",
      body: "usage limit: paused until 14:00",
      path: "/agents",
    });
  });

  it("a closing task notifies autopilot_done only when autopilot finished the graph", async () => {
    expect(await browserNoticeFor(taskUpdated("done"), all, lookups())).toBeNull();
    const finished = lookups({ isGraphFinished: () => Promise.resolve(true) });
    expect(await browserNoticeFor(taskUpdated("done"), all, finished)).toMatchObject({
      kind: "autopilot_done",
      title: "Autopilot finished WEB",
      path: "/projects/WEB/graph",
    });
  });

  it("says nothing of the person's own changes, of kinds they did not ask for, or of other changes", async () => {
    expect(await browserNoticeFor({ ...taskUpdated("failed"), actor: "owner" }, all, lookups())).toBeNull();
    expect(await browserNoticeFor(taskUpdated("failed"), ["needs_input"], lookups())).toBeNull();
    expect(await browserNoticeFor(taskUpdated("failed", ["title"]), all, lookups())).toBeNull();
    expect(await browserNoticeFor(taskUpdated("in_progress"), all, lookups())).toBeNull();
    expect(await browserNoticeFor(sessionUpdated("running"), all, lookups())).toBeNull();
  });
});
