import { SEARCH_SCAN_MAX, sql } from "@maestro/db";
import { taskMatchesSearch } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type World, expectTrpcError, makeWorld } from "./helpers";

let world: World;
beforeEach(async () => {
  world = await makeWorld();
  await world.caller.project.create({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
});
afterEach(async () => await world.close());

const TITLES = [
  "Fix login bug",
  "fix LOGIN page",
  "Café menu",
  "CAFÉ sign",
  "100% done",
  "under_score",
  "WEB-3 notes",
  "C:\\temp path",
];

async function seed() {
  for (const title of TITLES) await world.caller.task.create({ projectId: "WEB", title });
  await world.caller.task.update({ id: "WEB-2", status: "in_progress" });
}

async function search(q: string, extra: object = {}) {
  const page = await world.caller.task.list({ projectId: "WEB", q, ...extra });
  return page.items.map((task) => task.key);
}

// Issue 15: the dashboard's task pickers knew only the tasks loaded; they search the server now.
describe("task.list with q: the server's search for the task pickers", () => {
  it("finds by title (ASCII letters in any case), by key and by number, in the board's order", async () => {
    await seed();
    expect(await search("login")).toEqual(["WEB-1", "WEB-2"]);
    expect(await search("LOGIN", { status: ["in_progress"] })).toEqual(["WEB-2"]);
    expect(await search("web-3")).toEqual(["WEB-3", "WEB-7"]);
    expect(await search("3")).toEqual(["WEB-3", "WEB-7"]);
    expect(await search("café")).toEqual(["WEB-3"]);
    expect(await search("%")).toEqual(["WEB-5"]);
    expect(await search("_")).toEqual(["WEB-6"]);
    expect(await search("  ")).toHaveLength(TITLES.length);
  });

  it("agrees with the domain's rule, which the dashboard patches live lists with", async () => {
    await seed();
    const { items: all } = await world.caller.task.list({ projectId: "WEB" });
    for (const q of [
      "login",
      "Login",
      "CAF",
      "é",
      "3",
      "03",
      "003",
      "web-5",
      "e",
      "%",
      "x",
      "\\",
      ":\\t",
      "_s",
      "n%",
    ]) {
      expect(await search(q)).toEqual(all.filter((task) => taskMatchesSearch(task, q)).map((task) => task.key));
    }
  });

  it("pages with the shared cursor, and a page looks at a bounded number of tasks", async () => {
    await seed();
    const first = await world.caller.task.list({ projectId: "WEB", q: "login", limit: 1 });
    expect(first.items.map((task) => task.key)).toEqual(["WEB-1"]);
    const second = await world.caller.task.list({ projectId: "WEB", q: "login", limit: 1, cursor: first.nextCursor });
    expect([second.items.map((task) => task.key), second.nextCursor]).toEqual([["WEB-2"], null]);

    const projectId = (await world.caller.project.byId({ id: "WEB" })).id;
    const last = 100 + SEARCH_SCAN_MAX;
    const epoch = new Date(0);
    await world.database.transaction((tx) =>
      tx.run(sql`WITH RECURSIVE n(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM n WHERE i < ${last})
      INSERT INTO tasks (id, project_id, number, key, title, description, acceptance_criteria, status, priority,
        touches, requirement_ids, rank, version, created_at, updated_at)
      SELECT 'seed-' || i, ${projectId}, i, 'WEB-' || i, CASE WHEN i = ${last} THEN 'needle' ELSE 'hay' END,
        '', '[]', 'todo', 'medium', '[]', '[]', 1000 + i, 1, ${epoch}, ${epoch} FROM n`),
    );
    const bounded = await world.caller.task.list({ projectId: "WEB", q: "needle" });
    expect(bounded.items).toEqual([]);
    expect(bounded.nextCursor).not.toBeNull();
    const found = await world.caller.task.list({ projectId: "WEB", q: "needle", cursor: bounded.nextCursor });
    expect([found.items.map((task) => task.title), found.nextCursor]).toEqual([["needle"], null]);
  });

  it("refuses a search over 200 characters, naming the field", async () => {
    await expectTrpcError(search("x".repeat(201)), "BAD_REQUEST", /q: must be at most 200 characters/);
  });
});
