import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Session } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type World, expectTrpcError, makeWorld } from "./helpers";
import { makeRepo, workInWorktree } from "./lander-world";

let world: World;
let dir: string;
beforeEach(async () => {
  world = await makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-pages-"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
  await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
});
afterEach(async () => {
  await world.close();
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

/** Every page of a list, each as the keys of its items, following nextCursor to the end. */
async function pagesOf<T>(
  fetchPage: (cursor: string | null | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  keyOf: (item: T) => string,
): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null | undefined;
  do {
    const page = await fetchPage(cursor);
    pages.push(page.items.map(keyOf));
    cursor = page.nextCursor;
  } while (cursor && pages.length < 100);
  return pages;
}

describe("project.list pages", () => {
  it("follows nextCursor oldest first, each project once, even when created in the same millisecond", async () => {
    const keys = ["WEB"];
    for (const key of ["APIX", "DOCS", "OPS", "ZED", "BETA"]) {
      await world.caller.project.create({ name: key, rootDir: dir, key });
      keys.push(key);
    }
    const all = await world.caller.project.list();
    expect(all.nextCursor).toBeNull();
    const oldestFirst = all.items.map((project) => project.key);
    expect([...oldestFirst].sort()).toEqual([...keys].sort());
    const pages = await pagesOf(
      (cursor) => world.caller.project.list({ limit: 4, cursor }),
      (project) => project.key,
    );
    expect(pages.map((page) => page.length)).toEqual([4, 2]);
    expect(pages.flat()).toEqual(oldestFirst);
  });

  it("refuses a limit over 500 and a cursor it did not give, naming the field", async () => {
    await expectTrpcError(world.caller.project.list({ limit: 501 }), "BAD_REQUEST", /^limit: must be at most 500/);
    await expectTrpcError(world.caller.project.list({ cursor: "' OR 1=1 --" }), "BAD_REQUEST", /^cursor: /);
  });
});

describe("agent.list pages", () => {
  it("follows nextCursor by name through built-in and stored profiles, a stored one replacing its built-in", async () => {
    for (const name of ["zeta", "alpha", "m-1", "m.2"]) {
      await world.caller.agent.add({ name, adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
    }
    await world.caller.agent.add({ name: "claude-code", adapter: "claude-code", model: "opus" });
    const all = (await world.caller.agent.list({ limit: 500 })).items;
    const names = all.map((agent) => agent.name);
    expect(names).toEqual([...new Set(names)].sort());
    expect(all.find((agent) => agent.name === "claude-code")).toMatchObject({ builtIn: false, model: "opus" });
    expect(all.some((agent) => agent.builtIn)).toBe(true);
    const pages = await pagesOf(
      (cursor) => world.caller.agent.list({ limit: 2, cursor }),
      (agent) => agent.name,
    );
    expect(pages.slice(0, -1).every((page) => page.length === 2)).toBe(true);
    expect(pages.flat()).toEqual(names);
  });

  it("refuses a limit over 500 and a cursor that is not a profile name, naming the field", async () => {
    await expectTrpcError(world.caller.agent.list({ limit: 501 }), "BAD_REQUEST", /^limit: /);
    await expectTrpcError(world.caller.agent.list({ cursor: "' OR 1=1 --" }), "BAD_REQUEST", /^cursor: /);
  });
});

describe("spec.list pages", () => {
  it("follows nextCursor oldest first, each spec once", async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      created.push((await world.caller.spec.create({ projectId: "WEB", name: `Spec ${i}` })).id);
    }
    const all = (await world.caller.spec.list({ projectId: "WEB" })).items.map((spec) => spec.id);
    expect([...all].sort()).toEqual([...created].sort());
    const pages = await pagesOf(
      (cursor) => world.caller.spec.list({ projectId: "WEB", limit: 2, cursor }),
      (spec) => spec.id,
    );
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(all);
  });

  it("refuses a limit over 500 and a cursor it did not give, naming the field", async () => {
    await expectTrpcError(world.caller.spec.list({ limit: 501 }), "BAD_REQUEST", /^limit: /);
    await expectTrpcError(world.caller.spec.list({ cursor: "' OR 1=1 --" }), "BAD_REQUEST", /^cursor: /);
  });
});

describe("steering.list pages", () => {
  it("follows nextCursor by name, each document once", async () => {
    const folder = join(dir, ".maestro", "steering");
    mkdirSync(folder, { recursive: true });
    const names = ["tech.md", "Product.md", "a b.md", "structure.md", "z-last.md"];
    for (const name of names) writeFileSync(join(folder, name), `# ${name}\n`);
    const pages = await pagesOf(
      (cursor) => world.caller.steering.list({ projectId: "WEB", limit: 2, cursor }),
      (doc) => doc.name,
    );
    expect(pages).toEqual([["Product.md", "a b.md"], ["structure.md", "tech.md"], ["z-last.md"]]);
  });

  it("refuses a limit over 500 and a cursor that is not a document name, naming the field", async () => {
    await expectTrpcError(world.caller.steering.list({ projectId: "WEB", limit: 501 }), "BAD_REQUEST", /^limit: /);
    const bad = world.caller.steering.list({ projectId: "WEB", cursor: "../../etc/passwd" });
    await expectTrpcError(bad, "BAD_REQUEST", /^cursor: /);
  });
});

describe("worktree.list pages", () => {
  it("follows nextCursor by path, each worktree once", async () => {
    const repo = makeRepo();
    await world.caller.project.create({ name: "Trees", rootDir: repo, key: "TREE" });
    const paths = [3, 1, 4, 2, 5].map((n) => workInWorktree(repo, `maestro/TREE-${n}-1`, {}).path);
    const pages = await pagesOf(
      (cursor) => world.caller.worktree.list({ projectId: "TREE", limit: 2, cursor }),
      (worktree) => worktree.path,
    );
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual([...paths].sort());
  });

  it("refuses a limit over 500 and a cursor that is not a path, naming the field", async () => {
    await expectTrpcError(world.caller.worktree.list({ limit: 501 }), "BAD_REQUEST", /^limit: /);
    await expectTrpcError(world.caller.worktree.list({ cursor: "' OR 1=1 --" }), "BAD_REQUEST", /^cursor: /);
  });
});
