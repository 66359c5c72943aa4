import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { BUILT_IN_AGENTS, DEFAULT_PROJECT_SETTINGS } from "@maestro/domain";
import {
  type Store,
  addTaskDependency,
  appendEvent,
  deleteProject,
  deleteTask,
  findProjectByRef,
  findTaskByRef,
  insertProject,
  latestEventId,
  listAncestorIds,
  listDescendantIds,
  listEvents,
  listAgents,
  listTasks,
  openSqliteStore,
  updateTask,
  upsertAgent,
} from "../src/index";
import { sqliteOf } from "../src/store/db";
import * as seed from "./seed";

let database: Store;
beforeEach(() => {
  database = openSqliteStore({ path: ":memory:" });
});
afterEach(async () => await database.close());

async function seedProject(key = "WEB") {
  return await seed.seedProject(database, key);
}

async function seedTask(projectId: string, projectKey: string, title: string, parentId: string | null = null) {
  return await seed.seedTask(database, { id: projectId, key: projectKey }, title, parentId);
}

describe("projects", () => {
  it("finds a project by id or key, case-insensitively", async () => {
    const project = await seedProject();
    expect((await findProjectByRef(database.db, "web"))?.id).toBe(project.id);
    expect((await findProjectByRef(database.db, project.id))?.key).toBe("WEB");
    expect(project.settings).toEqual(DEFAULT_PROJECT_SETTINGS);
  });
});

describe("tasks", () => {
  it("starts what a new task leaves out empty", async () => {
    const task = await seedTask((await seedProject()).id, "WEB", "Fix");
    expect(task).toMatchObject({ key: "WEB-1", priority: "medium", failedAttempts: 0, version: 1 });
    expect([task.acceptanceCriteria, task.touches, task.requirementIds]).toEqual([[], [], []]);
    expect([task.agent, task.command, task.specId, task.maxAttempts, task.timeoutSec]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect([task.startedAt, task.completedAt, task.retryAt]).toEqual([null, null, null]);
  });

  it("gives per-project keys that never repeat after deletes", async () => {
    const web = await seedProject("WEB");
    const api = await seedProject("API");
    const first = await seedTask(web.id, "WEB", "one");
    const second = await seedTask(web.id, "WEB", "two");
    await deleteTask(database.db, second.id);
    const third = await seedTask(web.id, "WEB", "three");
    expect([first.key, third.key, (await seedTask(api.id, "API", "x")).key]).toEqual(["WEB-1", "WEB-3", "API-1"]);
  });

  it("returns dependencies and bumps versions on update", async () => {
    const web = await seedProject();
    const a = await seedTask(web.id, "WEB", "a");
    const b = await seedTask(web.id, "WEB", "b");
    await addTaskDependency(database.db, b, a.id);
    const updated = await updateTask(database.db, b.id, {
      status: "in_progress",
      startedAt: "2026-01-01T00:00:00.000Z",
    });
    expect(updated).toMatchObject({
      version: 2,
      status: "in_progress",
      dependsOn: [a.id],
      startedAt: "2026-01-01T00:00:00.000Z",
    });
    expect((await findTaskByRef(database.db, "web-2"))?.id).toBe(b.id);
    expect((await listTasks(database.db, { projectId: web.id, statuses: ["todo"] })).map((t) => t.key)).toEqual([
      "WEB-1",
    ]);
  });

  it("walks ancestors and descendants", async () => {
    const web = await seedProject();
    const root = await seedTask(web.id, "WEB", "root");
    const child = await seedTask(web.id, "WEB", "child", root.id);
    const grandchild = await seedTask(web.id, "WEB", "grandchild", child.id);
    expect((await listDescendantIds(database.db, root.id)).sort()).toEqual([child.id, grandchild.id].sort());
    expect(await listAncestorIds(database.db, grandchild.id)).toEqual([child.id, root.id]);
  });

  it("deletes a project's tasks and edges with it, keeping its events", async () => {
    const web = await seedProject();
    const a = await seedTask(web.id, "WEB", "a");
    await appendEvent(database.db, {
      kind: "task.deleted",
      entity: "task",
      entityId: a.id,
      projectId: web.id,
      actor: "test",
      payload: { key: a.key },
    });
    await deleteProject(database.db, web.id);
    expect(await findTaskByRef(database.db, a.id)).toBeUndefined();
    expect(await listEvents(database.db, { projectId: web.id, limit: 10 })).toHaveLength(1);
  });
});

describe("agents", () => {
  it("lists a stored profile in place of the built-in one of its name, once", async () => {
    const shell = BUILT_IN_AGENTS.find((agent) => agent.name === "shell")!;
    const { builtIn: _builtIn, createdAt: _createdAt, updatedAt: _updatedAt, ...fields } = shell;
    await upsertAgent(database.db, { ...fields, model: "tuned" });
    const listed = await listAgents(database.db);
    expect(listed.map((agent) => agent.name)).toEqual(
      BUILT_IN_AGENTS.map((agent) => agent.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    expect(listed.find((agent) => agent.name === "shell")).toMatchObject({ builtIn: false, model: "tuned" });
  });
});

describe("events", () => {
  it("assigns increasing ids and pages after a cursor", async () => {
    const web = await seedProject();
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const event = await appendEvent(database.db, {
        kind: "project.deleted",
        entity: "project",
        entityId: web.id,
        projectId: web.id,
        actor: "t",
        payload: { key: `K${n}` },
      });
      ids.push(event.id);
    }
    expect(ids.map(Number)).toEqual([1, 2, 3]);
    expect(await latestEventId(database.db)).toBe(3);
    expect((await listEvents(database.db, { afterId: 1, limit: 1 })).map((e) => e.id)).toEqual(["2"]);
  });
});

describe("openDatabase", () => {
  it("opens a file in WAL mode with synchronous=FULL, a busy timeout and foreign keys", async () => {
    // On a real file: ":memory:" has no write-ahead log to turn on.
    const dir = mkdtempSync(join(tmpdir(), "maestro-db-"));
    const path = join(dir, "home", "maestro.db");
    const onFile = openSqliteStore({ path });
    try {
      const pragma = async (db: Store, name: string) =>
        await db.db.get<Record<string, unknown>>(sql.raw(`PRAGMA ${name}`));
      expect(await pragma(onFile, "journal_mode")).toEqual({ journal_mode: "wal" });
      expect(await pragma(onFile, "synchronous")).toEqual({ synchronous: 2 }); // FULL
      expect(await pragma(onFile, "busy_timeout")).toEqual({ timeout: 5_000 });
      expect(await pragma(onFile, "foreign_keys")).toEqual({ foreign_keys: 1 });
      const project = await insertProject(onFile.db, {
        key: "WAL",
        name: "Wal",
        rootDir: dir,
        description: "",
        settings: DEFAULT_PROJECT_SETTINGS,
      });
      // The commit went to the write-ahead log.
      expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
      expect(await onFile.integrityCheck()).toBe("ok");
      await expect(addTaskDependency(onFile.db, { id: "nope", projectId: "nope" }, "nope")).rejects.toThrow(
        /FOREIGN KEY/,
      );

      // Another connection (a reader, or the next server) sees the commit while the first is open.
      const second = openSqliteStore({ path });
      try {
        expect(await pragma(second, "journal_mode")).toEqual({ journal_mode: "wal" });
        expect((await findProjectByRef(second.db, "WAL"))?.id).toBe(project.id);
      } finally {
        await second.close();
      }
    } finally {
      await onFile.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("turns foreign keys on for the in-memory databases tests use", async () => {
    expect(await database.integrityCheck()).toBe("ok");
    await expect(addTaskDependency(database.db, { id: "nope", projectId: "nope" }, "nope")).rejects.toThrow(
      /FOREIGN KEY/,
    );
  });
});

describe("the statement cache", () => {
  it("gives objects to a plain query after drizzle used the same statement for raw rows", async () => {
    const project = await insertProject(database.db, {
      name: "Cache",
      rootDir: "/tmp/cache",
      key: "CACHE",
      description: "",
      settings: DEFAULT_PROJECT_SETTINGS,
    });
    const text = sql`SELECT id, key FROM projects WHERE id = ${project.id}`;
    // drizzle's mapped select turns its statement to raw mode; the same text must still give objects.
    expect(sqliteOf(database.db).values<[string, string]>(text)).toEqual([[project.id, "CACHE"]]);
    expect(await database.db.get<{ id: string; key: string }>(text)).toEqual({ id: project.id, key: "CACHE" });
    expect(await database.db.all<{ id: string; key: string }>(text)).toEqual([{ id: project.id, key: "CACHE" }]);
    expect((await findProjectByRef(database.db, "cache"))?.id).toBe(project.id);
  });
});
