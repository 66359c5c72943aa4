import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  type NewSession,
  addSessionUsage,
  appendLogChunks,
  countSessionsByStatus,
  countSessionsOfTask,
  countSessionsStartedBy,
  findOldestQueuedSessionId,
  findSessionById,
  findSessionIdsByPrefix,
  findSessionLaunch,
  findSessionLease,
  findSessionOfToken,
  findSystemLogLine,
  hasSessionIn,
  insertSession,
  listLastLogChunks,
  listLogChunks,
  listSessions,
  markSessionOutput,
  raiseSessionPeakRss,
  recentPeakRssByAgent,
  rewriteLogChunk,
  sessionTaskIds,
  sumCostsByTask,
  sumLogBytes,
  sumProjectCosts,
  touchSessionHeartbeat,
  updateSession,
} from "../../src/index";
import { taskIdsOf, withTaskIds } from "../../src/repositories/session-mapper";
import type { Db, Store } from "../../src/store/store";
import { ENGINES, useStores } from "./engines";
import { insertProject } from "./rows";

const stores = useStores();

async function insertTask(tx: Db, projectId: string, id: string, number: number): Promise<void> {
  const now = new Date();
  await tx.run(sql`INSERT INTO tasks (id, project_id, number, key, title, acceptance_criteria, status, priority,
      touches, requirement_ids, rank, created_at, updated_at)
    VALUES (${id}, ${projectId}, ${number}, ${`${projectId.toUpperCase()}-${number}`}, ${id}, ${"[]"}, ${"todo"},
      ${"medium"}, ${"[]"}, ${"[]"}, ${number}, ${now}, ${now})`);
}

/** A store with projects p and q, tasks t1–t3 in p and u1 in q. */
async function seeded(engine: (typeof ENGINES)[number]): Promise<Store> {
  const store = await stores.open(engine);
  await store.transaction(async (tx) => {
    await insertProject(tx, "p");
    await insertProject(tx, "q");
    await insertTask(tx, "p", "t1", 1);
    await insertTask(tx, "p", "t2", 2);
    await insertTask(tx, "p", "t3", 3);
    await insertTask(tx, "q", "u1", 1);
  });
  return store;
}

function newSession(overrides: Partial<NewSession> = {}): NewSession {
  return {
    projectId: "p",
    taskIds: ["t1"],
    agent: "shell",
    role: "worker",
    attempt: 1,
    prompt: "go",
    tokenHash: `hash-${Math.random()}`,
    useWorktree: false,
    isQueue: false,
    parentSessionId: null,
    ...overrides,
  };
}

const at = (ms: number) => new Date(Date.UTC(2026, 11, 5, 10, 0, 0, ms));

describe.each(ENGINES)("session repositories on %s", (engine) => {
  it("insert, find by id and token, update dates, booleans and the manifest, and read tasks in their order", async () => {
    const store = await seeded(engine);
    const created = await store.transaction((tx) =>
      insertSession(tx, newSession({ taskIds: ["t3", "t1", "t2"], tokenHash: "secret", isQueue: true }), at(1)),
    );
    expect(created).toMatchObject({ status: "queued", taskIds: ["t3", "t1", "t2"], createdAt: at(1).toISOString() });
    expect(created.stopRequested).toBe(false);
    expect(created.costIsEstimate).toBe(false);
    expect(created.startedAt).toBeNull();

    const db = store.db;
    expect(await findSessionById(db, created.id)).toEqual(created);
    expect(await findSessionOfToken(db, "secret")).toEqual(created);
    expect(await findSessionOfToken(db, "other")).toBeUndefined();
    expect(await findSessionById(db, "missing")).toBeUndefined();
    expect(await sessionTaskIds(db, created.id)).toEqual(["t3", "t1", "t2"]);
    expect(await withTaskIds(db, undefined)).toBeUndefined();

    const updated = await store.transaction((tx) =>
      updateSession(tx, created.id, {
        status: "running",
        stopRequested: true,
        stopReason: "stopped",
        lease: 3,
        startedAt: at(2).toISOString(),
        lastHeartbeatAt: at(3).toISOString(),
        manifest: { argv: ["claude", "-p"], envNames: ["HOME"] },
      }),
    );
    expect(updated).toMatchObject({
      status: "running",
      stopRequested: true,
      startedAt: at(2).toISOString(),
      lastHeartbeatAt: at(3).toISOString(),
      endedAt: null,
      taskIds: ["t3", "t1", "t2"],
    });
    expect(await findSessionLease(db, created.id)).toEqual({
      sessionId: created.id,
      projectId: "p",
      status: "running",
      lease: 3,
      stopRequested: true,
      stopReason: "stopped",
    });
    expect(await findSessionLaunch(db, created.id)).toEqual({
      useWorktree: false,
      isQueue: true,
      manifest: { argv: ["claude", "-p"], envNames: ["HOME"] },
    });
    expect(await findSessionLease(db, "missing")).toBeUndefined();
    expect(await findSessionLaunch(db, "missing")).toBeUndefined();

    const cleared = await store.transaction((tx) => updateSession(tx, created.id, { startedAt: null }));
    expect(cleared.startedAt).toBeNull();
    await expect(store.transaction((tx) => updateSession(tx, "missing", { status: "running" }))).rejects.toThrow(
      /session missing vanished/,
    );

    await store.transaction((tx) => touchSessionHeartbeat(tx, created.id, at(9)));
    expect((await findSessionById(db, created.id))!.lastHeartbeatAt).toBe(at(9).toISOString());
  });

  it("maps the task ids of many sessions at once", async () => {
    const store = await seeded(engine);
    const [a, b, c] = await store.transaction(async (tx) => [
      await insertSession(tx, newSession({ taskIds: ["t2", "t1"] })),
      await insertSession(tx, newSession({ taskIds: ["t3"] })),
      await insertSession(tx, newSession({ projectId: "q", taskIds: ["u1"] })),
    ]);
    const byId = await taskIdsOf(store.db, [a!.id, b!.id, c!.id, "missing"]);
    expect(Object.fromEntries(byId)).toEqual({ [a!.id]: ["t2", "t1"], [b!.id]: ["t3"], [c!.id]: ["u1"] });
    expect((await taskIdsOf(store.db, [])).size).toBe(0);
  });

  it("finds ids by a prefix case-insensitively, at most two, with LIKE's wildcards taken literally", async () => {
    const store = await seeded(engine);
    const created = await store.transaction(async (tx) => [
      await insertSession(tx, newSession()),
      await insertSession(tx, newSession()),
      await insertSession(tx, newSession()),
    ]);
    const one = created[0]!.id;
    expect(await findSessionIdsByPrefix(store.db, one)).toEqual([one]);
    expect(await findSessionIdsByPrefix(store.db, one.slice(0, 13).toUpperCase())).toEqual([one]);
    expect(await findSessionIdsByPrefix(store.db, "")).toHaveLength(2);
    expect(await findSessionIdsByPrefix(store.db, "%")).toEqual([]);
    expect(await findSessionIdsByPrefix(store.db, "_")).toEqual([]);
    expect(await findSessionIdsByPrefix(store.db, one.slice(0, 7) + "_")).toEqual([]);
  });

  it("lists newest first, by status, project, task, parent, end reason, and page by page", async () => {
    const store = await seeded(engine);
    const [s1, s2, s3, s4] = await store.transaction(async (tx) => {
      const first = await insertSession(tx, newSession({ taskIds: ["t1"] }), at(1));
      return [
        first,
        await insertSession(tx, newSession({ taskIds: ["t2", "t1"], parentSessionId: first.id }), at(2)),
        await insertSession(tx, newSession({ taskIds: ["t3"], parentSessionId: first.id }), at(3)),
        await insertSession(tx, newSession({ projectId: "q", taskIds: ["u1"] }), at(3)),
      ];
    });
    await store.transaction(async (tx) => {
      await updateSession(tx, s1!.id, { status: "running" });
      await updateSession(tx, s3!.id, { status: "failed", endReason: "failed" });
    });
    const ids = async (filter: Parameters<typeof listSessions>[1]) =>
      (await listSessions(store.db, filter)).map((s) => s.id);
    const sameTime = [s3!.id, s4!.id].sort().reverse();
    expect(await ids({ limit: 10 })).toEqual([...sameTime, s2!.id, s1!.id]);
    expect(await ids({ limit: 10, statuses: ["queued"] })).toEqual([s4!.id, s2!.id]);
    expect(await ids({ limit: 1, statuses: ["queued", "running"] })).toEqual([s4!.id]);
    expect(await ids({ limit: 10, projectId: "p" })).toEqual([s3!.id, s2!.id, s1!.id]);
    expect(await ids({ limit: 10, taskId: "t1" })).toEqual([s2!.id, s1!.id]);
    expect(await ids({ limit: 10, parentSessionId: s1!.id })).toEqual([s3!.id, s2!.id]);
    expect(await ids({ limit: 10, endReasons: ["failed"] })).toEqual([s3!.id]);
    const [top] = await listSessions(store.db, { limit: 1 });
    expect(await ids({ limit: 10, after: { createdAt: new Date(top!.createdAt), id: top!.id } })).toEqual([
      sameTime[1],
      s2!.id,
      s1!.id,
    ]);
    expect((await listSessions(store.db, { limit: 10, taskId: "t1" }))[0]!.taskIds).toEqual(["t2", "t1"]);

    expect(await hasSessionIn(store.db, ["failed"])).toBe(true);
    expect(await hasSessionIn(store.db, ["running", "needs_input"])).toBe(true);
    expect(await hasSessionIn(store.db, ["cancelled", "timed_out"])).toBe(false);
  });

  it("lists by long lists of statuses that start alike, one after another on one connection", async () => {
    const store = await seeded(engine);
    const session = await store.transaction((tx) => insertSession(tx, newSession()));
    const ended = ["succeeded", "failed", "cancelled", "interrupted", "timed_out"] as const;
    const busy = ["queued", "starting", "running", "needs_input", "waiting"] as const;
    await store.transaction(async (tx) => {
      expect((await listSessions(tx, { statuses: [...busy, ...ended], limit: 5 })).map((s) => s.id)).toEqual([
        session.id,
      ]);
      expect(await listSessions(tx, { statuses: [...busy, "succeeded", "timed_out"], limit: 5 })).toHaveLength(1);
      expect(await listSessions(tx, { statuses: [...busy.slice(1), ...ended], limit: 5 })).toEqual([]);
      expect(await hasSessionIn(tx, [...busy.slice(1), ...ended])).toBe(false);
      expect(await hasSessionIn(tx, [...busy.slice(1), ...ended, "queued"])).toBe(true);
    });
  });

  it("counts sessions of a task, started by a session, and by status, as numbers", async () => {
    const store = await seeded(engine);
    const parent = await store.transaction(async (tx) => {
      const first = await insertSession(tx, newSession({ taskIds: ["t1"] }));
      await insertSession(tx, newSession({ taskIds: ["t2", "t1"], parentSessionId: first.id }));
      const third = await insertSession(tx, newSession({ taskIds: ["t3"], parentSessionId: first.id }));
      await updateSession(tx, third.id, { status: "succeeded" });
      return first;
    });
    expect(await countSessionsOfTask(store.db, "t1")).toBe(2);
    expect(await countSessionsOfTask(store.db, "u1")).toBe(0);
    expect(await countSessionsStartedBy(store.db, parent.id)).toBe(2);
    expect(await countSessionsStartedBy(store.db, "nobody")).toBe(0);
    const counts = await countSessionsByStatus(store.db);
    expect(counts.queued).toBe(2);
    expect(counts.succeeded).toBe(1);
    expect(counts.running).toBe(0);
    expect(Object.values(counts).every((n) => typeof n === "number")).toBe(true);
  });

  it("answers the oldest queued session for a claim", async () => {
    const store = await seeded(engine);
    expect(await findOldestQueuedSessionId(store.db)).toBeUndefined();
    const [newer, older] = await store.transaction(async (tx) => [
      await insertSession(tx, newSession(), at(5)),
      await insertSession(tx, newSession(), at(1)),
    ]);
    expect(await store.transaction((tx) => findOldestQueuedSessionId(tx))).toBe(older!.id);
    await store.transaction((tx) => updateSession(tx, older!.id, { status: "starting" }));
    expect(await findOldestQueuedSessionId(store.db)).toBe(newer!.id);
  });

  it("appends log chunks with consecutive seqs and reads them back by seq, size and tail", async () => {
    const store = await seeded(engine);
    const session = await store.transaction((tx) => insertSession(tx, newSession()));
    await store.transaction((tx) => updateSession(tx, session.id, { stalledAt: at(0).toISOString() }));
    const first = await store.transaction((tx) =>
      appendLogChunks(
        tx,
        session.id,
        [
          { stream: "stdout", text: "aaaa" },
          { stream: "system", text: "[truncated 1]" },
          { stream: "stderr", text: "éé" },
        ],
        at(7),
      ),
    );
    expect(first.map((c) => c.seq)).toEqual([1, 2, 3]);
    expect(first[0]).toEqual({
      sessionId: session.id,
      seq: 1,
      stream: "stdout",
      text: "aaaa",
      ts: at(7).toISOString(),
    });
    const many = Array.from({ length: 450 }, (_, i) => ({ stream: "stdout" as const, text: `line ${i}` }));
    const second = await store.transaction((tx) => appendLogChunks(tx, session.id, many, at(8)));
    expect(second[0]!.seq).toBe(4);
    expect(second.at(-1)!.seq).toBe(453);
    expect(await store.transaction((tx) => appendLogChunks(tx, session.id, []))).toEqual([]);
    const after = (await findSessionById(store.db, session.id))!;
    expect(after.lastOutputAt).toBe(at(8).toISOString());
    expect(after.stalledAt).toBeNull();
    await expect(
      store.transaction((tx) => appendLogChunks(tx, "missing", [{ stream: "stdout", text: "x" }])),
    ).rejects.toThrow(/session missing vanished/);

    const db = store.db;
    expect((await listLogChunks(db, session.id, 0, 3)).map((c) => c.text)).toEqual(["aaaa", "[truncated 1]", "éé"]);
    expect((await listLogChunks(db, session.id, 0, 3))[2]!.ts).toBe(at(7).toISOString());
    // Sizes are characters: "aaaa" (4) + "[truncated 1]" (13) = 17 fit; "éé" (2 characters) makes 19.
    expect((await listLogChunks(db, session.id, 0, 10, 18)).map((c) => c.seq)).toEqual([1, 2]);
    expect((await listLogChunks(db, session.id, 0, 10, 19)).map((c) => c.seq)).toEqual([1, 2, 3]);
    expect((await listLogChunks(db, session.id, 0, 10, 1)).map((c) => c.seq)).toEqual([1]);
    expect((await listLogChunks(db, session.id, 452, 10)).map((c) => c.seq)).toEqual([453]);
    expect(await listLogChunks(db, session.id, 453, 10)).toEqual([]);

    expect((await listLastLogChunks(db, session.id, 2)).map((c) => c.text)).toEqual(["line 448", "line 449"]);
    expect((await listLastLogChunks(db, session.id, 500, 16)).map((c) => c.seq)).toEqual([452, 453]);
    expect(await listLastLogChunks(db, "missing", 5)).toEqual([]);

    const other = await store.transaction((tx) => insertSession(tx, newSession()));
    await store.transaction((tx) =>
      appendLogChunks(tx, other.id, [
        { stream: "stdout", text: "aé" },
        { stream: "stdout", text: "🎉" },
      ]),
    );
    expect(await sumLogBytes(db, other.id)).toBe(1 + 2 + 4);
    expect(await sumLogBytes(db, "missing")).toBe(0);

    expect(await findSystemLogLine(db, session.id, "[truncated")).toBe(2);
    expect(await findSystemLogLine(db, session.id, "[TRUNCATED")).toBeNull();
    expect(await findSystemLogLine(db, session.id, "aaaa")).toBeNull();
    await store.transaction((tx) => rewriteLogChunk(tx, session.id, 2, "[truncated 99]"));
    expect((await listLogChunks(db, session.id, 1, 1))[0]!.text).toBe("[truncated 99]");

    await store.transaction((tx) => updateSession(tx, other.id, { stalledAt: at(0).toISOString() }));
    await store.transaction((tx) => markSessionOutput(tx, other.id, at(20)));
    const marked = (await findSessionById(db, other.id))!;
    expect(marked.lastOutputAt).toBe(at(20).toISOString());
    expect(marked.stalledAt).toBeNull();
  });

  it("keeps the highest peak memory and reads each profile's recent peak", async () => {
    const store = await seeded(engine);
    const [a1, a2, a3, b1] = await store.transaction(async (tx) => [
      await insertSession(tx, newSession({ agent: "a" }), at(1)),
      await insertSession(tx, newSession({ agent: "a" }), at(2)),
      await insertSession(tx, newSession({ agent: "a" }), at(3)),
      await insertSession(tx, newSession({ agent: "b" }), at(1)),
      await insertSession(tx, newSession({ agent: "c" }), at(1)),
    ]);
    await store.transaction(async (tx) => {
      await raiseSessionPeakRss(tx, a1!.id, 900);
      await raiseSessionPeakRss(tx, a2!.id, 300);
      await raiseSessionPeakRss(tx, a2!.id, 100);
      await raiseSessionPeakRss(tx, a3!.id, 200);
      await raiseSessionPeakRss(tx, b1!.id, 50);
    });
    expect((await findSessionById(store.db, a2!.id))!.peakRssMb).toBe(300);
    expect(Object.fromEntries(await recentPeakRssByAgent(store.db, 2))).toEqual({ a: 300, b: 50 });
    expect(Object.fromEntries(await recentPeakRssByAgent(store.db, 3))).toEqual({ a: 900, b: 50 });
  });

  it("adds usage and sums costs by project and by first task, with estimates and pages", async () => {
    const store = await seeded(engine);
    const [s1, s2, s3, s4] = await store.transaction(async (tx) => [
      await insertSession(tx, newSession({ taskIds: ["t1"] })),
      await insertSession(tx, newSession({ taskIds: ["t2", "t1"], isQueue: true })),
      await insertSession(tx, newSession({ taskIds: ["t1"] })),
      await insertSession(tx, newSession({ projectId: "q", taskIds: ["u1"] })),
    ]);
    expect(await sumProjectCosts(store.db, "p")).toEqual({
      costUsd: 0,
      tokensIn: 0,
      tokensOut: 0,
      includesEstimate: false,
    });
    await store.transaction(async (tx) => {
      await addSessionUsage(tx, s1!.id, { costUsd: 0.25, tokensIn: 100, tokensOut: 10, agentSessionId: "conv-1" });
      await addSessionUsage(tx, s1!.id, { costUsd: 0.5, tokensIn: 3_000_000_000, tokensOut: 20, agentSessionId: null });
      await addSessionUsage(tx, s2!.id, {
        costUsd: 1,
        tokensIn: 1,
        tokensOut: 2,
        agentSessionId: null,
        isCostEstimate: true,
      });
      await addSessionUsage(tx, s3!.id, { costUsd: 2, tokensIn: 5, tokensOut: 5, agentSessionId: null });
      await addSessionUsage(tx, s4!.id, {
        costUsd: 8,
        tokensIn: 7,
        tokensOut: 7,
        agentSessionId: null,
        isCostEstimate: true,
      });
    });
    const one = (await findSessionById(store.db, s1!.id))!;
    expect(one).toMatchObject({ costUsd: 0.75, tokensIn: 3_000_000_100, tokensOut: 30, agentSessionId: "conv-1" });
    expect(one.costIsEstimate).toBe(false);
    expect((await findSessionById(store.db, s2!.id))!.costIsEstimate).toBe(true);

    expect(await sumProjectCosts(store.db, "p")).toEqual({
      costUsd: 3.75,
      tokensIn: 3_000_000_106,
      tokensOut: 37,
      includesEstimate: true,
    });
    expect(await sumCostsByTask(store.db, "p", { limit: 10 })).toEqual([
      { taskId: "t1", costUsd: 2.75, tokensIn: 3_000_000_105, tokensOut: 35, sessions: 2, includesEstimate: false },
      { taskId: "t2", costUsd: 1, tokensIn: 1, tokensOut: 2, sessions: 1, includesEstimate: true },
    ]);
    expect((await sumCostsByTask(store.db, "p", { limit: 1 })).map((row) => row.taskId)).toEqual(["t1"]);
    expect((await sumCostsByTask(store.db, "p", { limit: 10, after: "t1" })).map((row) => row.taskId)).toEqual(["t2"]);
    expect(await sumCostsByTask(store.db, "nothing", { limit: 10 })).toEqual([]);
  });
});

describe("session claims and leases on PostgreSQL", () => {
  it(
    "concurrent claims take every queued session exactly once, passing over the ones another claim holds",
    { timeout: 60_000 },
    async () => {
      const store = await stores.open("postgres", { maxConnections: 4 });
      await store.transaction(async (tx) => {
        await insertProject(tx, "p");
        await insertTask(tx, "p", "t1", 1);
        for (let i = 0; i < 20; i++) await insertSession(tx, newSession(), at(i));
      });
      let overlapping = 0;
      let most = 0;
      const claimed = await Promise.all(
        Array.from({ length: 4 }, async (_, worker) => {
          const mine: string[] = [];
          for (;;) {
            const id = await store.transaction(async (tx) => {
              const next = await findOldestQueuedSessionId(tx);
              if (!next) return undefined;
              most = Math.max(most, ++overlapping);
              await new Promise((resolve) => setTimeout(resolve, 5));
              overlapping--;
              const lease = (await findSessionLease(tx, next))!.lease + 1;
              await updateSession(tx, next, { status: "starting", runnerId: `r${worker}`, lease });
              return next;
            });
            if (!id) return mine;
            mine.push(id);
          }
        }),
      );
      const all = claimed.flat();
      expect(all).toHaveLength(20);
      expect(new Set(all).size).toBe(20);
      // Claims overlapped: a locked session was passed over, not waited for.
      expect(most).toBeGreaterThan(1);
      const leases = await store.db.all<{ lease: number }>(sql`SELECT lease FROM sessions`);
      expect(leases.every((row) => row.lease === 1)).toBe(true);
    },
  );

  it("a lease read inside a transaction holds the row: a second read-then-bump waits and sees the first one's write", async () => {
    const store = await stores.open("postgres", { maxConnections: 3 });
    const session = await store.transaction(async (tx) => {
      await insertProject(tx, "p");
      await insertTask(tx, "p", "t1", 1);
      return await insertSession(tx, newSession());
    });
    let firstHasRead!: () => void;
    const read = new Promise<void>((resolve) => (firstHasRead = resolve));
    let releaseFirst!: () => void;
    const released = new Promise<void>((resolve) => (releaseFirst = resolve));
    let secondRead = false;
    const bump = (onRead: () => Promise<void>) =>
      store.transaction(async (tx) => {
        const lease = (await findSessionLease(tx, session.id))!.lease;
        await onRead();
        await updateSession(tx, session.id, { lease: lease + 1 });
      });
    const first = bump(async () => {
      firstHasRead();
      await released;
    });
    await read;
    const second = bump(async () => {
      secondRead = true;
    });
    // The second transaction cannot read the lease while the first holds its row.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(secondRead).toBe(false);
    releaseFirst();
    await Promise.all([first, second]);
    expect(secondRead).toBe(true);
    expect((await findSessionLease(store.db, session.id))!.lease).toBe(2);
  });
});
