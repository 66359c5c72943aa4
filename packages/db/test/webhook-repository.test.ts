import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type Store,
  enqueueDelivery,
  listDueDeliveries,
  listWebhookDeliveries,
  openSqliteStore,
  recordDeliveryAttempt,
} from "../src/index";
import { seedProject } from "./seed";

let database: Store;
beforeEach(() => {
  database = openSqliteStore({ path: ":memory:" });
});
afterEach(async () => await database.close());

const at = (ms: number) => new Date(1_700_000_000_000 + ms);
const queue = async (projectId: string, n: number, ms = 0) => {
  for (let i = 0; i < n; i++) {
    await enqueueDelivery(database.db, { projectId, event: "failed", url: "http://x.test/", body: "{}" }, at(ms + i));
  }
};

describe("webhook deliveries", () => {
  it("hands out at most a few per project, so one project's backlog never hides another's", async () => {
    const stuck = await seedProject(database, "STUCK");
    const other = await seedProject(database, "OTHER");
    await queue(stuck.id, 40);
    await queue(other.id, 1, 100);
    const due = await listDueDeliveries(database.db, { now: at(1_000), perProject: 2, limit: 32 });
    expect(due.map((d) => d.projectId)).toEqual([stuck.id, stuck.id, other.id]);
  });

  it("leaves out what is not due yet or no longer queued", async () => {
    const project = await seedProject(database);
    await queue(project.id, 2);
    const [first] = await listDueDeliveries(database.db, { now: at(10), perProject: 5, limit: 10 });
    await recordDeliveryAttempt(database.db, first!.id, {
      status: "delivered",
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(await listDueDeliveries(database.db, { now: at(10), perProject: 5, limit: 10 })).toHaveLength(1);
    expect(await listDueDeliveries(database.db, { now: at(-1), perProject: 5, limit: 10 })).toHaveLength(0);
  });

  it("lists a project's deliveries newest first, a page at a time", async () => {
    const project = await seedProject(database);
    await queue(project.id, 3);
    const first = await listWebhookDeliveries(database.db, { projectId: project.id, limit: 2 });
    const second = await listWebhookDeliveries(database.db, {
      projectId: project.id,
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(first.items).toHaveLength(2);
    expect(second).toMatchObject({ nextCursor: null });
    expect([...first.items, ...second.items].map((d) => d.createdAt)).toEqual(
      [at(2), at(1), at(0)].map((d) => d.toISOString()),
    );
  });
});
