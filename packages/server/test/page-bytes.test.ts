import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { insertTaskReview } from "@maestro/db";
import { MAX_TEXT_LENGTH } from "@maestro/domain";
import { type World, makeWorld } from "./helpers";

let world: World;
let dir: string;
beforeEach(async () => {
  world = await makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-page-bytes-"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
  await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every page of a list from the start, with the JSON size of each. */
async function walk<T>(list: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>) {
  const items: T[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const page = await list(cursor);
    sizes.push(JSON.stringify(page).length);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return { items, sizes };
}

// Items as big as the rules allow (a task's description, a session's prompt holding it) would make
// a page of 500 megabytes: a page ends at its bytes, and following nextCursor still gives them all.
describe("pages of big items", () => {
  it(
    "end early under 1 MB (events, sessions, reviews) and still list each item once",
    { timeout: 60_000 },
    async () => {
      const description = "d".repeat(MAX_TEXT_LENGTH);
      for (let i = 0; i < 60; i++) {
        const task = await world.caller.task.create({ projectId: "WEB", title: `Big ${i}`, description });
        await world.caller.session.start({ taskIds: [task.id], agent: "script" });
      }

      for (const order of ["asc", "desc"] as const) {
        const events = await walk((cursor) => world.caller.event.list({ projectId: "WEB", limit: 500, cursor, order }));
        expect(Math.max(...events.sizes)).toBeLessThanOrEqual(1_000_000);
        expect(events.sizes.length).toBeGreaterThan(1);
        const ids = events.items.map((event) => Number(event.id));
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual([...ids].sort((a, b) => (order === "asc" ? a - b : b - a)));
        expect(events.items.filter((event) => event.kind === "task.created")).toHaveLength(60);
      }

      const reviewed = (await world.caller.task.list({ projectId: "WEB", limit: 1 })).items[0]!;
      for (let i = 0; i < 60; i++) {
        const review = { taskId: reviewed.id, projectId: reviewed.projectId, actor: "owner", headCommit: null };
        const words = { verdict: "request_changes" as const, comment: description, comments: [] };
        await world.database.transaction((tx) =>
          insertTaskReview(tx, { ...review, ...words }, new Date(1_700_000_000_000 + i)),
        );
      }
      const reviews = await walk((cursor) => world.caller.task.reviews({ id: reviewed.id, limit: 500, cursor }));
      expect(Math.max(...reviews.sizes)).toBeLessThanOrEqual(1_000_000);
      expect(reviews.sizes.length).toBeGreaterThan(1);
      expect(new Set(reviews.items.map((review) => review.id)).size).toBe(60);

      const sessions = await walk((cursor) => world.caller.session.list({ projectId: "WEB", limit: 500, cursor }));
      expect(Math.max(...sessions.sizes)).toBeLessThanOrEqual(1_000_000);
      expect(sessions.sizes.length).toBeGreaterThan(1);
      expect(new Set(sessions.items.map((session) => session.id)).size).toBe(60);
    },
  );

  it(
    "end early under 1 MB for tasks too (task.list: plain, several statuses, a search) and list each task once",
    { timeout: 60_000 },
    async () => {
      // A task at its largest: a description and 100 acceptance criteria of 2,000 characters (~220 KB).
      const big = { description: "d".repeat(MAX_TEXT_LENGTH), acceptanceCriteria: Array(100).fill("c".repeat(2_000)) };
      for (let i = 0; i < 8; i++) await world.caller.task.create({ projectId: "WEB", title: `Big ${i}`, ...big });
      const filters = [{}, { status: ["todo" as const, "in_progress" as const] }, { q: "big" }, { parentId: null }];
      for (const filter of filters) {
        const tasks = await walk((cursor) =>
          world.caller.task.list({ projectId: "WEB", limit: 500, cursor, ...filter }),
        );
        expect(Math.max(...tasks.sizes)).toBeLessThanOrEqual(1_000_000);
        expect(tasks.sizes.length).toBeGreaterThan(1);
        expect(tasks.items.map((task) => task.title)).toEqual(Array.from({ length: 8 }, (_, i) => `Big ${i}`));
      }
    },
  );

  it(
    "end early under 1 MB for spec versions (an edit is up to 200,000 characters, a file 256 KB) and list each one once",
    { timeout: 60_000 },
    async () => {
      const spec = await world.caller.spec.create({ projectId: "WEB", name: "Login" });
      for (let i = 1; i <= 8; i++) {
        const text = `# Design ${i}\n${"x".repeat(199_000)}\n`;
        await world.caller.spec.edit({ id: spec.id, phase: "design", text });
      }
      const versions = await walk((cursor) =>
        world.caller.spec.versions({ id: spec.id, phase: "design", limit: 500, cursor }),
      );
      expect(Math.max(...versions.sizes)).toBeLessThanOrEqual(1_000_000);
      expect(versions.sizes.length).toBeGreaterThan(1);
      expect(versions.items.map((version) => version.version)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    },
  );

  it(
    "end early under 1 MB for projects (settings of ~400 KB: 20 checks of 20,000 characters) and list each once",
    { timeout: 60_000 },
    async () => {
      const checks = Array(20).fill(`echo ${"y".repeat(MAX_TEXT_LENGTH - 10)}`);
      await world.caller.project.update({ id: "WEB", settings: { checks } });
      for (const key of ["API", "OPS", "DOC"]) {
        await world.caller.project.create({ name: key, rootDir: dir, key });
        await world.caller.project.update({ id: key, settings: { checks } });
      }
      const projects = await walk((cursor) => world.caller.project.list({ limit: 500, cursor }));
      expect(Math.max(...projects.sizes)).toBeLessThanOrEqual(1_000_000);
      expect(projects.sizes.length).toBeGreaterThan(1);
      expect(projects.items.map((project) => project.key)).toEqual(["WEB", "API", "OPS", "DOC"]);
    },
  );

  it(
    "end early under 1 MB for specs (a request of 20,000 characters) and agents (argv of ~400 KB), each listed once",
    { timeout: 60_000 },
    async () => {
      const request = "r".repeat(MAX_TEXT_LENGTH);
      for (let i = 0; i < 60; i++) await world.caller.spec.create({ projectId: "WEB", name: `Spec ${i}`, request });
      const specs = await walk((cursor) => world.caller.spec.list({ projectId: "WEB", limit: 500, cursor }));
      expect(Math.max(...specs.sizes)).toBeLessThanOrEqual(1_000_000);
      expect(specs.sizes.length).toBeGreaterThan(1);
      expect(new Set(specs.items.map((spec) => spec.id)).size).toBe(60);

      const args = Array(100).fill("a".repeat(4_000));
      for (const name of ["big-1", "big-2", "big-3"]) {
        await world.caller.agent.add({ name, adapter: "claude-code", args });
      }
      const agents = await walk((cursor) => world.caller.agent.list({ limit: 500, cursor }));
      expect(Math.max(...agents.sizes)).toBeLessThanOrEqual(1_000_000);
      expect(agents.sizes.length).toBeGreaterThan(1);
      const names = agents.items.map((agent) => agent.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual(expect.arrayContaining(["big-1", "big-2", "big-3", "script"]));
    },
  );
});
