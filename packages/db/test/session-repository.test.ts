import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type Store,
  type NewSession,
  addSessionUsage,
  appendLogChunks,
  findOldestQueuedSessionId,
  findSessionById,
  findSessionLaunch,
  findSessionLease,
  hasSessionIn,
  findSessionOfToken,
  insertSession,
  listLastLogChunks,
  listLogChunks,
  listSessions,
  openSqliteStore,
  sumCostsByTask,
  updateSession,
} from "../src/index";
import { prepared } from "../src/prepared";
import { sqliteOf } from "../src/store/db";
import { seedProject, seedTask } from "./seed";

let database: Store;
let session: NewSession;
beforeEach(async () => {
  database = openSqliteStore({ path: ":memory:" });
  const project = await seedProject(database);
  const task = await seedTask(database, project, "Fix");
  session = {
    projectId: project.id,
    taskIds: [task.id],
    agent: "shell",
    role: "worker",
    attempt: 1,
    prompt: "go",
    tokenHash: "hash-1",
    useWorktree: true,
    isQueue: false,
    parentSessionId: null,
  };
});
afterEach(async () => await database.close());

describe("a session's lease", () => {
  it("starts unclaimed and follows the changes written to it", async () => {
    const created = await insertSession(database.db, session);
    expect(await findSessionLease(database.db, created.id)).toEqual({
      sessionId: created.id,
      projectId: created.projectId,
      status: "queued",
      lease: 0,
      stopRequested: false,
      stopReason: null,
    });
    const startedAt = "2026-12-01T10:00:00.000Z";
    const updated = await updateSession(database.db, created.id, {
      status: "running",
      lease: 1,
      startedAt,
      stopRequested: true,
      stopReason: "timeout",
    });
    expect(updated.startedAt).toBe(startedAt);
    expect(await findSessionLease(database.db, created.id)).toMatchObject({ lease: 1, stopReason: "timeout" });
    expect(await findSessionLease(database.db, "nope")).toBeUndefined();
  });

  it("is taken from the oldest queued session first", async () => {
    const first = await insertSession(database.db, session, new Date(1_000));
    const second = await insertSession(database.db, { ...session, tokenHash: "hash-2" }, new Date(2_000));
    expect(await findOldestQueuedSessionId(database.db)).toBe(first.id);
    await updateSession(database.db, first.id, { status: "starting" });
    expect(await findOldestQueuedSessionId(database.db)).toBe(second.id);
    await updateSession(database.db, second.id, { status: "starting" });
    expect(await findOldestQueuedSessionId(database.db)).toBeUndefined();
  });
});

describe("a session's other facts", () => {
  it("finds the session a token hash belongs to, with its tasks", async () => {
    const created = await insertSession(database.db, session);
    expect(await findSessionOfToken(database.db, "hash-1")).toEqual(created);
    expect(await findSessionOfToken(database.db, "hash-2")).toBeUndefined();
  });

  it("keeps how it was asked to run and what its runner launched", async () => {
    const created = await insertSession(database.db, session);
    expect(await findSessionLaunch(database.db, created.id)).toEqual({
      useWorktree: true,
      isQueue: false,
      manifest: null,
    });
    await updateSession(database.db, created.id, { manifest: { argv: ["sh", "-c", "x"], envNames: ["PATH"] } });
    expect((await findSessionLaunch(database.db, created.id))?.manifest).toEqual({
      argv: ["sh", "-c", "x"],
      envNames: ["PATH"],
    });
  });

  it("adds usage up, keeping the agent's session id when a batch names none", async () => {
    const created = await insertSession(database.db, session);
    await addSessionUsage(database.db, created.id, {
      costUsd: 0.25,
      tokensIn: 10,
      tokensOut: 5,
      agentSessionId: "a-1",
    });
    await addSessionUsage(database.db, created.id, { costUsd: 0.5, tokensIn: 1, tokensOut: 2, agentSessionId: null });
    expect(await findSessionById(database.db, created.id)).toMatchObject({
      costUsd: 0.75,
      tokensIn: 11,
      tokensOut: 7,
      agentSessionId: "a-1",
      costIsEstimate: false,
    });
  });

  it("marks a session's cost an estimate once any of it was estimated, and says so in the task rollup", async () => {
    const created = await insertSession(database.db, session);
    const usage = { tokensIn: 10, tokensOut: 5, agentSessionId: null };
    await addSessionUsage(database.db, created.id, { ...usage, costUsd: 0.25, isCostEstimate: true });
    await addSessionUsage(database.db, created.id, { ...usage, costUsd: 0.5 });
    expect(await findSessionById(database.db, created.id)).toMatchObject({ costUsd: 0.75, costIsEstimate: true });
    const [row] = await sumCostsByTask(database.db, created.projectId, { limit: 10 });
    expect(row).toMatchObject({ costUsd: 0.75, sessions: 1, includesEstimate: true });
  });
});

describe("a session's log tail", () => {
  it("is its last chunks, oldest first, and no more of them than hold maxChars characters", async () => {
    const created = await insertSession(database.db, session);
    const texts = ["a", "b", "c", "d", "e"].map((letter) => letter.repeat(20_000));
    await appendLogChunks(
      database.db,
      created.id,
      texts.map((text) => ({ stream: "stdout" as const, text })),
    );
    const tail = async (count: number, maxChars?: number) =>
      (await listLastLogChunks(database.db, created.id, count, maxChars)).map((chunk) => chunk.text[0]);
    expect(await tail(3)).toEqual(["c", "d", "e"]);
    expect(await tail(10)).toEqual(["a", "b", "c", "d", "e"]);
    // Two chunks hold 32,000 characters: the older ones are never read out.
    expect(await tail(5, 32_000)).toEqual(["d", "e"]);
    expect(await tail(5, 40_000)).toEqual(["d", "e"]);
    expect(await tail(5, 40_001)).toEqual(["c", "d", "e"]);
    expect(await tail(1, 100_000)).toEqual(["e"]);
    expect(await listLastLogChunks(database.db, "no-such-session", 5, 10)).toEqual([]);
  });
});

describe("a session's log, a page at a time", () => {
  it("gives at most `limit` chunks after a seq, and no more than fit in maxChars (always the first)", async () => {
    const created = await insertSession(database.db, session);
    const texts = ["a", "b", "c", "d", "e"].map((letter) => letter.repeat(20_000));
    await appendLogChunks(
      database.db,
      created.id,
      texts.map((text) => ({ stream: "stdout" as const, text })),
    );
    const page = async (afterSeq: number, limit: number, maxChars?: number) =>
      (await listLogChunks(database.db, created.id, afterSeq, limit, maxChars)).map((chunk) => chunk.text[0]);
    expect(await page(0, 10)).toEqual(["a", "b", "c", "d", "e"]);
    expect(await page(2, 2)).toEqual(["c", "d"]);
    expect(await page(0, 10, 40_000)).toEqual(["a", "b"]);
    expect(await page(0, 10, 59_999)).toEqual(["a", "b"]);
    expect(await page(3, 10, 1)).toEqual(["d"]);
    expect(await page(5, 10, 1)).toEqual([]);
  });
});

describe("built queries", () => {
  it("are built once for a database, its transactions and their savepoints", async () => {
    let builds = 0;
    const build = () => ({ built: ++builds });
    const outside = prepared(sqliteOf(database.db), "test.query", build);
    await database.transaction(async (tx) => {
      expect(prepared(sqliteOf(tx), "test.query", build)).toBe(outside);
      await tx.savepoint(async (inner) => expect(prepared(sqliteOf(inner), "test.query", build)).toBe(outside));
    });
    expect(builds).toBe(1);
  });

  it("still serve a transaction opened past the store (built again for it)", async () => {
    const created = await insertSession(database.db, session);
    // A drizzle transaction nobody registered; SQLite's statements run before the first await.
    let lease: ReturnType<typeof findSessionLease> | undefined;
    sqliteOf(database.db).transaction((tx) => {
      lease = findSessionLease({ ...database.db, dialect: { engine: "sqlite", db: tx } }, created.id);
    });
    expect((await lease)?.lease).toBe(0);
  });
});

describe("listing the sessions one session delegated to", () => {
  it("filters by parentSessionId, with statuses too (never the cached by-status statement)", async () => {
    const db = database.db;
    const parent = await insertSession(db, session);
    const child = await insertSession(db, { ...session, tokenHash: "hash-2", parentSessionId: parent.id });
    // The scheduler's shape (statuses alone) is cached first; the parent's filter must still apply.
    expect(await listSessions(db, { statuses: ["queued"], limit: 10 })).toHaveLength(2);
    const children = await listSessions(db, { parentSessionId: parent.id, statuses: ["queued"], limit: 10 });
    expect(children.map((listed) => listed.id)).toEqual([child.id]);
    expect(await listSessions(db, { parentSessionId: child.id, limit: 10 })).toEqual([]);
  });
});

describe("whether any session has a status", () => {
  it("answers for the statuses asked, and follows changes", async () => {
    const db = database.db;
    expect(await hasSessionIn(db, ["waiting"])).toBe(false);
    const created = await insertSession(db, session);
    expect(await hasSessionIn(db, ["queued"])).toBe(true);
    expect(await hasSessionIn(db, ["waiting"])).toBe(false);
    expect(await hasSessionIn(db, ["waiting", "queued"])).toBe(true);
    await updateSession(db, created.id, { status: "waiting" });
    expect(await hasSessionIn(db, ["waiting"])).toBe(true);
    expect(await hasSessionIn(db, ["queued"])).toBe(false);
  });
});
