import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Store, openSqliteStore } from "@maestro/db";
import type { MaestroEvent, Task } from "@maestro/domain";
import { afterEach, describe, expect, it } from "vitest";
import { createContextInner } from "../src/context";
import { EventBus } from "../src/events";
import { appRouter } from "../src/routers/app";
import { MAX_GROUP_SIZE, inWriteGroup } from "../src/services/group-commit";
import { Dispatcher } from "../src/services/runner/dispatcher";
import { createCallerFactory } from "../src/trpc";
import { expectTrpcError, sqliteDb } from "./helpers";

// Group commit (issue 15): writes arriving together share one transaction and one COMMIT, each
// in its own savepoint; each is answered, and its events published, only after that COMMIT.

let home: string;
const open: Store[] = [];

afterEach(async () => {
  for (const database of open.splice(0)) await database.close();
  rmSync(home, { recursive: true, force: true });
});

/** Whether the SQLite connection under `store` has a transaction open (a failed COMMIT may leave one). */
function isInTransaction(store: Store): boolean {
  return (sqliteDb(store) as unknown as { $client: { inTransaction: boolean } }).$client.inTransaction;
}

/** A server's world on a database file, with a second connection to see what is committed. */
function makeFileWorld() {
  home = mkdtempSync(join(tmpdir(), "maestro-group-"));
  const path = join(home, "maestro.db");
  const database = openSqliteStore({ path });
  const observer = openSqliteStore({ path });
  open.push(database, observer);
  const events = new EventBus();
  const ctx = createContextInner({ database, events, dispatcher: new Dispatcher(events), actor: "test" });
  const caller = createCallerFactory(appRouter)(ctx);
  // Counts the COMMITs: each transaction of the store is a new one (a unit of work inside one,
  // or inside a group, is a savepoint of it and never calls the store).
  let commits = 0;
  const transaction = database.transaction;
  database.transaction = (fn) => {
    commits++;
    return transaction(fn);
  };
  const committedTitles = () =>
    sqliteDb(observer)
      .all<{ title: string }>("SELECT title FROM tasks ORDER BY number")
      .map((row) => row.title);
  return { database, observer, events, caller, commits: () => commits, committedTitles };
}

describe("group commit", () => {
  it("runs writes that arrive together in one transaction; one failing undoes only its own writes", async () => {
    const world = makeFileWorld();
    const project = await world.caller.project.create({ name: "Group", rootDir: "/tmp", key: "GR" });
    const first = await world.caller.task.create({ projectId: project.id, title: "first" });
    const before = world.commits();

    const results = await Promise.allSettled([
      world.caller.task.create({ projectId: project.id, title: "a" }),
      world.caller.task.create({ projectId: project.id, title: "bad", dependsOn: ["GR-404"] }),
      world.caller.task.update({ id: first.id, title: "stale", version: 99 }),
      world.caller.task.create({ projectId: project.id, title: "b" }),
      world.caller.task.update({ id: first.id, title: "renamed", version: first.version }),
    ]);

    expect(world.commits() - before).toBe(1);
    expect(results.map((result) => result.status)).toEqual([
      "fulfilled",
      "rejected",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    await expectTrpcError(Promise.reject((results[1] as PromiseRejectedResult).reason), "NOT_FOUND");
    await expectTrpcError(Promise.reject((results[2] as PromiseRejectedResult).reason), "CONFLICT");
    // The failed create took no task number and left no event; the others numbered in order.
    expect(world.committedTitles()).toEqual(["renamed", "a", "b"]);
    const kinds = sqliteDb(world.observer)
      .all<{ kind: string }>("SELECT kind FROM events ORDER BY id")
      .map((row) => row.kind);
    expect(kinds).toEqual(["project.created", "task.created", "task.created", "task.created", "task.updated"]);
    expect(((results[3] as PromiseFulfilledResult<Task>).value as Task).key).toBe("GR-3");
  });

  it("splits a flood of writes into groups of at most MAX_GROUP_SIZE, keeping their order", async () => {
    const world = makeFileWorld();
    const project = await world.caller.project.create({ name: "Flood", rootDir: "/tmp", key: "FL" });
    const before = world.commits();
    const count = MAX_GROUP_SIZE * 2 + 3;

    const tasks = await Promise.all(
      Array.from({ length: count }, (_, i) => world.caller.task.create({ projectId: project.id, title: `t${i}` })),
    );

    expect(world.commits() - before).toBe(3);
    expect(tasks.map((task) => task.key)).toEqual(tasks.map((_, i) => `FL-${i + 1}`));
    expect(world.committedTitles()).toHaveLength(count);
  });

  it("publishes an event only once its write is committed (seen from another connection)", async () => {
    const world = makeFileWorld();
    const project = await world.caller.project.create({ name: "Seen", rootDir: "/tmp", key: "SE" });
    const seen: Array<{ event: MaestroEvent; isCommitted: boolean }> = [];
    world.events.onEvent((event) => {
      const id = (event.payload as { task?: Task }).task?.id;
      const row = sqliteDb(world.observer).get(`SELECT version FROM tasks WHERE id = '${id}'`);
      seen.push({ event, isCommitted: !isInTransaction(world.database) && row !== undefined });
    });
    const answered: string[] = [];
    await Promise.all(
      ["one", "two", "three"].map((title) =>
        world.caller.task.create({ projectId: project.id, title }).then((task) => {
          // Its event went out before its answer.
          expect(seen.some(({ event }) => event.entityId === task.id)).toBe(true);
          answered.push(task.title);
        }),
      ),
    );
    expect(seen).toHaveLength(3);
    expect(seen.every(({ isCommitted }) => isCommitted)).toBe(true);
    // Events go out in the order they were stored.
    const ids = seen.map(({ event }) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(answered).toEqual(["one", "two", "three"]);
  });

  it("fails every write of the group, and publishes nothing, when the COMMIT fails", async () => {
    const world = makeFileWorld();
    const project = await world.caller.project.create({ name: "Fail", rootDir: "/tmp", key: "FA" });
    const published: MaestroEvent[] = [];
    world.events.onEvent((event) => published.push(event));

    // A dangling reference under deferred foreign keys is only refused by the COMMIT.
    const breaksCommit = inWriteGroup(world.database, () => {
      sqliteDb(world.database).run("PRAGMA defer_foreign_keys = ON");
      sqliteDb(world.database).run(
        "INSERT INTO task_dependencies (task_id, depends_on_id, project_id) VALUES ('no-task', 'no-task', 'no-project')",
      );
    });
    const results = await Promise.allSettled([
      world.caller.task.create({ projectId: project.id, title: "lost 1" }),
      breaksCommit,
      world.caller.task.create({ projectId: project.id, title: "lost 2" }),
    ]);

    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected", "rejected"]);
    for (const result of results) {
      expect(String((result as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    }
    expect(published).toEqual([]);
    expect(world.committedTitles()).toEqual([]);
    expect(isInTransaction(world.database)).toBe(false);

    // The next group starts clean.
    const task = await world.caller.task.create({ projectId: project.id, title: "after" });
    expect(task.key).toBe("FA-1");
    expect(published.map((event) => event.kind)).toEqual(["task.created"]);
  });

  it("keeps optimistic concurrency: of updates at the same version in one group, exactly one wins", async () => {
    const world = makeFileWorld();
    const project = await world.caller.project.create({ name: "Race", rootDir: "/tmp", key: "RA" });
    const task = await world.caller.task.create({ projectId: project.id, title: "v1" });

    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => world.caller.task.update({ id: task.id, title: `v2 by ${i}`, version: 1 })),
    );

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const winner = (results[0] as PromiseFulfilledResult<Task>).value;
    expect(winner).toMatchObject({ title: "v2 by 0", version: 2 });
    for (const result of results.slice(1)) {
      await expectTrpcError(Promise.reject((result as PromiseRejectedResult).reason), "CONFLICT");
    }
    const row = sqliteDb(world.observer).get<{ title: string; version: number }>(
      `SELECT title, version FROM tasks WHERE id = '${task.id}'`,
    );
    expect(row).toEqual({ title: "v2 by 0", version: 2 });

    // Chained updates in one group each see the version the one before made.
    const chained = await Promise.all([
      world.caller.task.update({ id: task.id, title: "v3", version: 2 }),
      world.caller.task.update({ id: task.id, title: "v4", version: 3 }),
    ]);
    expect(chained.map((updated) => updated.version)).toEqual([3, 4]);
  });
});
