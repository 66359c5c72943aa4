import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Session } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type World, expectTrpcError, makeWorld } from "./helpers";

let world: World;
let dir: string;
beforeEach(async () => {
  world = makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-pages-"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
  await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
});
afterEach(() => {
  world.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startSessions(count: number): Promise<Session[]> {
  const sessions: Session[] = [];
  for (let i = 0; i < count; i++) {
    const task = await world.caller.task.create({ projectId: "WEB", title: `Task ${i}` });
    sessions.push(await world.caller.session.start({ taskIds: [task.id], agent: "script" }));
  }
  return sessions;
}

describe("session.list pages", () => {
  it("follows nextCursor through every session once, newest first, and ends with null", async () => {
    const started = await startSessions(7);
    const seen: string[] = [];
    let cursor: string | null | undefined;
    let pages = 0;
    do {
      const page = await world.caller.session.list({ projectId: "WEB", limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((session) => session.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
    const newestFirst = [...started].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    expect(seen).toEqual(newestFirst.map((session) => session.id));
  });

  it("answers 100 by default with a cursor when there are more, and refuses a limit over 500", async () => {
    await startSessions(2);
    expect(await world.caller.session.list({})).toMatchObject({ nextCursor: null });
    expect((await world.caller.session.list({})).items).toHaveLength(2);
    await expectTrpcError(world.caller.session.list({ limit: 501 }), "BAD_REQUEST", /^limit: must be at most 500/);
  });

  it("refuses a cursor it did not give, naming the field", async () => {
    await expectTrpcError(world.caller.session.list({ cursor: "' OR 1=1 --" }), "BAD_REQUEST", /^cursor: /);
  });
});

describe("event.list pages", () => {
  it("follows nextCursor oldest first and newest first, each event once", async () => {
    for (let i = 0; i < 6; i++) await world.caller.task.create({ projectId: "WEB", title: `Task ${i}` });
    const collect = async (order: "asc" | "desc") => {
      const ids: string[] = [];
      let cursor: string | null | undefined;
      do {
        const page = await world.caller.event.list({ projectId: "WEB", limit: 4, order, cursor });
        ids.push(...page.items.map((event) => event.id));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };
    const oldestFirst = await collect("asc");
    expect(oldestFirst).toHaveLength(7);
    expect(oldestFirst.map(Number)).toEqual([...oldestFirst.map(Number)].sort((a, b) => a - b));
    expect(await collect("desc")).toEqual([...oldestFirst].reverse());
  });

  it("refuses a limit over 500 and a cursor that is not an event id", async () => {
    await expectTrpcError(world.caller.event.list({ limit: 501 }), "BAD_REQUEST", /^limit: /);
    await expectTrpcError(world.caller.event.list({ cursor: "abc" }), "BAD_REQUEST", /^cursor: /);
  });
});

describe("spec.versions pages", () => {
  it("follows nextCursor from the newest version to the first", async () => {
    const spec = await world.caller.spec.create({ projectId: "WEB", name: "Login" });
    for (let i = 1; i <= 5; i++) {
      await world.caller.spec.edit({ id: spec.id, phase: "design", text: `# Design ${i}\n` });
    }
    const pages: number[][] = [];
    let cursor: string | null | undefined;
    do {
      const page = await world.caller.spec.versions({ id: spec.id, phase: "design", limit: 2, cursor });
      pages.push(page.items.map((version) => version.version));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual([[5, 4], [3, 2], [1]]);
  });
});
