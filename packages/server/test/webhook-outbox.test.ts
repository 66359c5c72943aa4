import type { MaestroEvent, Project } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { notificationOf } from "../src/services/webhook/notification-of";
import { type World, expectTrpcError, makeWorld } from "./helpers";

// Issue 14 (webhooks): which events queue a delivery, in the event's own transaction.

let world: World;
let project: Project;

beforeEach(async () => {
  world = await makeWorld();
  project = await world.caller.project.create({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
  await world.caller.webhook.set({ projectId: "WEB", url: "https://hooks.example.test/x", secret: "0123456789" });
});
afterEach(async () => await world.close());

const queued = async () => (await world.caller.webhook.deliveries({ projectId: "WEB" })).items;

describe("the webhook outbox", () => {
  it("queues a delivery for a task waiting for review and one that failed, not for other changes", async () => {
    const task = await world.caller.task.create({ projectId: "WEB", title: "Login" });
    await world.caller.task.update({ id: task.id, title: "Login page" });
    await world.caller.task.update({ id: task.id, status: "in_review" });
    await world.caller.task.update({ id: task.id, status: "failed" });
    const items = await queued();
    expect(items.map((d) => [d.event, d.status, d.attempts])).toEqual([
      ["failed", "queued", 0],
      ["review", "queued", 0],
    ]);
  });

  it("queues only the events the webhook names, and nothing once removed", async () => {
    await world.caller.webhook.set({ projectId: "WEB", url: "https://hooks.example.test/x", notify: ["failed"] });
    const task = await world.caller.task.create({ projectId: "WEB", title: "Login" });
    await world.caller.task.update({ id: task.id, status: "in_review" });
    expect(await queued()).toEqual([]);
    await world.caller.webhook.set({ projectId: "WEB", url: null });
    await world.caller.task.update({ id: task.id, status: "failed" });
    expect(await queued()).toEqual([]);
  });

  it("keeps the secret when only the events change, and never returns it", async () => {
    const webhook = await world.caller.webhook.set({ projectId: "WEB", url: "https://h.test/", notify: ["review"] });
    expect(webhook).toEqual({ url: "https://h.test/", notify: ["review"], secretSet: true });
    expect(JSON.stringify(await world.caller.webhook.byProject({ projectId: "WEB" }))).not.toContain("0123456789");
  });

  it("refuses a URL that is not http(s), naming the field", async () => {
    await expectTrpcError(
      world.caller.webhook.set({ projectId: "WEB", url: "javascript:alert(1)" }),
      "BAD_REQUEST",
      /url.*http:\/\/ or https:\/\//,
    );
  });

  it("tells of autopilot_done when autopilot runs the project and its last open task closes", async () => {
    const task = await world.caller.task.create({ projectId: "WEB", title: "Only one", status: "in_progress" });
    await world.caller.autopilot.start({ projectId: "WEB" });
    await world.caller.task.update({ id: task.id, status: "done" });
    expect((await queued()).map((d) => d.event)).toContain("autopilot_done");
  });

  it("maps a session needing input and a spec submitted for approval", async () => {
    const base = { id: "1", projectId: project.id, actor: "x", ts: new Date().toISOString() };
    const session = { id: "sess-1", status: "needs_input", taskIds: [], queueIndex: 0, lastReport: "Which\ndatabase?" };
    const needsInput = {
      ...base,
      kind: "session.updated",
      entity: "session",
      entityId: "sess-1",
      payload: { session, changed: ["status"] },
    } as unknown as MaestroEvent;
    expect(await notificationOf(world.database.db, needsInput, "WEB")).toMatchObject({
      event: "needs_input",
      sessionId: "sess-1",
      path: "/sessions/sess-1",
      summary: "a session needs input: Which database?",
    });
    const submitted = {
      ...base,
      kind: "spec.reviewed",
      entity: "spec",
      entityId: "spec-1",
      payload: { spec: { slug: "sso", name: "SSO" }, review: { kind: "submission" } },
    } as unknown as MaestroEvent;
    expect(await notificationOf(world.database.db, submitted, "WEB")).toMatchObject({
      event: "approval",
      path: "/projects/WEB/specs/sso",
    });
  });
});
