import { type AgentProfile, NO_LANDING, type TaskLanding } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import {
  type AgentFields,
  countAttention,
  deleteAgent,
  deleteWebhook,
  enqueueDelivery,
  findAgent,
  findAutopilot,
  findLiveTokenByHash,
  findLiveTokenByName,
  findStoredAgent,
  findTokenById,
  findWebhook,
  findWebhookTarget,
  insertToken,
  liftAccountPause,
  deleteEndedAccountPauses,
  listAccountPauses,
  listAgents,
  listAutopilots,
  listBudgetedLineage,
  listBudgetedTasks,
  listDueDeliveries,
  listTokens,
  listWebhookDeliveries,
  pageAgents,
  pauseAccount,
  recordDeliveryAttempt,
  revokeToken,
  saveAutopilot,
  saveWebhook,
  sumProjectSpend,
  sumSpecSpends,
  sumSubtreeSpend,
  touchTokenLastUsed,
  upsertAgent,
} from "../../src/index";
import { readInChunks } from "../../src/repositories/chunks";
import type { Db, Store } from "../../src/store/store";
import { ENGINES, useStores } from "./engines";
import { insertProject } from "./rows";

const stores = useStores();
const T0 = new Date("2026-12-05T10:00:00.123Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

async function storeWithProjects(engine: (typeof ENGINES)[number], ...ids: string[]): Promise<Store> {
  const store = await stores.open(engine);
  await store.transaction(async (tx) => {
    for (const id of ids) await insertProject(tx, id);
  });
  return store;
}

let taskNumber = 0;
async function addTask(
  db: Db,
  projectId: string,
  id: string,
  extra: Partial<{
    parentId: string;
    specId: string;
    status: "in_review" | "todo";
    landing: TaskLanding;
    budgetUsd: number;
    budgetTokens: number;
  }> = {},
): Promise<void> {
  taskNumber += 1;
  await db.orm.insert(db.t.taskTable).values({
    id,
    projectId,
    number: taskNumber,
    key: `K-${id}`,
    title: id,
    acceptanceCriteria: [],
    status: "todo",
    priority: "medium",
    touches: [],
    requirementIds: [],
    rank: taskNumber,
    createdAt: T0,
    updatedAt: T0,
    ...extra,
  });
}

async function addSession(
  db: Db,
  projectId: string,
  id: string,
  spend: { costUsd: number; tokensIn: number; tokensOut: number },
  tasks: string[] = [],
  status: "running" | "needs_input" = "running",
): Promise<void> {
  await db.orm.insert(db.t.sessionTable).values({
    id,
    projectId,
    agent: "shell",
    role: "worker",
    status,
    attempt: 1,
    prompt: "go",
    tokenHash: `hash-${id}`,
    createdAt: T0,
    ...spend,
  });
  for (const [position, taskId] of tasks.entries()) {
    await db.orm.insert(db.t.sessionTaskTable).values({ sessionId: id, taskId, position });
  }
}

describe.each(ENGINES)("tokens on %s", (engine) => {
  it("inserts, finds by hash, id and name (any case), lists by folded name, touches and revokes once", async () => {
    const store = await stores.open(engine);
    const db = store.db;
    const beta = await insertToken(db, { id: "t1", name: "Beta", role: "admin", secretHash: "h1" }, T0);
    await insertToken(db, { id: "t2", name: "alpha", role: "viewer", secretHash: "h2" }, at(1));
    await insertToken(db, { id: "t3", name: "Zed", role: "member", secretHash: "h3" }, at(2));
    expect(beta).toEqual({
      id: "t1",
      name: "Beta",
      role: "admin",
      createdAt: T0.toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(await findLiveTokenByHash(db, "h1")).toEqual(beta);
    expect(await findLiveTokenByHash(db, "nope")).toBeNull();
    expect(await findTokenById(db, "t1")).toEqual(beta);
    expect((await findLiveTokenByName(db, "BETA"))?.id).toBe("t1");
    expect((await findLiveTokenByName(db, "ALPHA"))?.id).toBe("t2");
    // lower() case-folds on both engines: "alpha" < "Beta" < "Zed", not the byte order "Beta" < "Zed" < "alpha".
    expect((await listTokens(db)).map((token) => token.name)).toEqual(["alpha", "Beta", "Zed"]);

    await touchTokenLastUsed(db, "t1", at(10));
    expect((await findTokenById(db, "t1"))?.lastUsedAt).toBe(at(10).toISOString());
    const revoked = await revokeToken(db, "t1", at(20));
    expect(revoked?.revokedAt).toBe(at(20).toISOString());
    expect((await revokeToken(db, "t1", at(30)))?.revokedAt).toBe(at(20).toISOString());
    expect(await revokeToken(db, "missing")).toBeNull();
    expect(await findLiveTokenByHash(db, "h1")).toBeNull();
    expect(await findLiveTokenByName(db, "beta")).toBeNull();
    expect(await listTokens(db)).toHaveLength(3);
  });

  it("runs its hot lookups inside transactions as well as outside", async () => {
    const store = await stores.open(engine);
    await store.transaction((tx) => insertToken(tx, { id: "t1", name: "a", role: "admin", secretHash: "h1" }, T0));
    for (let i = 0; i < 3; i++) {
      expect(await store.transaction((tx) => findLiveTokenByHash(tx, "h1"))).toMatchObject({ id: "t1" });
      expect(await findLiveTokenByHash(store.db, "h1")).toMatchObject({ id: "t1" });
    }
  });
});

describe.each(ENGINES)("webhooks on %s", (engine) => {
  it("saves, replaces, finds and deletes a project's webhook; the secret only in the target", async () => {
    const store = await storeWithProjects(engine, "p1");
    const db = store.db;
    expect(await findWebhook(db, "p1")).toBeNull();
    expect(await saveWebhook(db, "p1", { url: "https://a", secret: "s", notify: ["review"] }, T0)).toEqual({
      url: "https://a",
      notify: ["review"],
      secretSet: true,
    });
    await saveWebhook(db, "p1", { url: "https://b", secret: null, notify: ["review", "failed"] }, at(1));
    expect(await findWebhook(db, "p1")).toEqual({ url: "https://b", notify: ["review", "failed"], secretSet: false });
    expect(await findWebhookTarget(db, "p1")).toEqual({ url: "https://b", secret: null, notify: ["review", "failed"] });
    await deleteWebhook(db, "p1");
    expect(await findWebhookTarget(db, "p1")).toBeNull();
  });

  it("lists due deliveries oldest first, at most perProject of each, and records attempts", async () => {
    const store = await storeWithProjects(engine, "p1", "p2");
    const db = store.db;
    const body = (n: number) => JSON.stringify({ n });
    await store.transaction(async (tx) => {
      for (let n = 0; n < 4; n++) {
        await enqueueDelivery(tx, { projectId: "p1", event: "review", url: "https://p1", body: body(n) }, at(n));
      }
      await enqueueDelivery(tx, { projectId: "p2", event: "review", url: "https://p2", body: body(10) }, at(2));
      await enqueueDelivery(tx, { projectId: "p2", event: "review", url: "https://p2", body: body(11) }, at(100));
    });
    const due = await listDueDeliveries(db, { now: at(50), perProject: 2, limit: 10 });
    expect(due.map((d) => [d.projectId, d.body])).toEqual([
      ["p1", body(0)],
      ["p1", body(1)],
      ["p2", body(10)],
    ]);
    expect(due[0]).toMatchObject({ url: "https://p1", attempts: 0 });
    expect(typeof due[0]!.id).toBe("string");
    expect((await listDueDeliveries(db, { now: at(50), perProject: 5, limit: 2 })).map((d) => d.body)).toEqual([
      body(0),
      body(1),
    ]);

    await recordDeliveryAttempt(
      db,
      due[0]!.id,
      { status: "queued", attempts: 1, lastStatusCode: 503, lastError: "busy", nextAttemptAt: at(60) },
      at(50),
    );
    await recordDeliveryAttempt(
      db,
      due[1]!.id,
      { status: "delivered", attempts: 1, lastStatusCode: 200, lastError: null, nextAttemptAt: null },
      at(50),
    );
    expect((await listDueDeliveries(db, { now: at(55), perProject: 5, limit: 10 })).map((d) => d.body)).toEqual([
      body(2),
      body(10),
      body(3),
    ]);
    const later = await listDueDeliveries(db, { now: at(60), perProject: 5, limit: 10 });
    expect(later.map((d) => d.body)).toEqual([body(2), body(10), body(3), body(0)]);
    expect(later[3]?.attempts).toBe(1);
  });

  it("pages a project's deliveries newest first by cursor, with every field read back", async () => {
    const store = await storeWithProjects(engine, "p1", "p2");
    const db = store.db;
    await store.transaction(async (tx) => {
      // Two share a created time: the id breaks the tie.
      for (const ms of [0, 1, 1, 2, 3]) {
        await enqueueDelivery(tx, { projectId: "p1", event: "review", url: "u", body: `b${ms}` }, at(ms));
      }
      await enqueueDelivery(tx, { projectId: "p2", event: "review", url: "u", body: "other" }, at(5));
    });
    const first = await listWebhookDeliveries(db, { projectId: "p1", limit: 2 });
    expect(first.items.map((d) => d.createdAt)).toEqual([at(3).toISOString(), at(2).toISOString()]);
    expect(first.items[0]).toMatchObject({
      projectId: "p1",
      event: "review",
      status: "queued",
      attempts: 0,
      lastStatusCode: null,
      lastError: null,
      nextAttemptAt: at(3).toISOString(),
    });
    const second = await listWebhookDeliveries(db, { projectId: "p1", limit: 2, cursor: first.nextCursor });
    expect(second.items.map((d) => d.createdAt)).toEqual([at(1).toISOString(), at(1).toISOString()]);
    expect(Number(second.items[0]!.id)).toBeGreaterThan(Number(second.items[1]!.id));
    const third = await listWebhookDeliveries(db, { projectId: "p1", limit: 2, cursor: second.nextCursor });
    expect(third.items.map((d) => d.createdAt)).toEqual([T0.toISOString()]);
    expect(third.nextCursor).toBeNull();
  });
});

describe.each(ENGINES)("autopilots and account pauses on %s", (engine) => {
  it("finds off for none, saves and replaces a state, clears the pause reason, lists them", async () => {
    const store = await storeWithProjects(engine, "p1", "p2");
    const db = store.db;
    expect(await findAutopilot(db, "p1")).toEqual({
      projectId: "p1",
      state: "off",
      maxConcurrent: null,
      pauseReason: null,
      updatedAt: null,
    });
    await saveAutopilot(db, { projectId: "p1", state: "paused", maxConcurrent: 2, pauseReason: "budget reached" }, T0);
    expect(await findAutopilot(db, "p1")).toEqual({
      projectId: "p1",
      state: "paused",
      maxConcurrent: 2,
      pauseReason: "budget reached",
      updatedAt: T0.toISOString(),
    });
    expect(await saveAutopilot(db, { projectId: "p1", state: "on", maxConcurrent: null }, at(1))).toEqual({
      projectId: "p1",
      state: "on",
      maxConcurrent: null,
      pauseReason: null,
      updatedAt: at(1).toISOString(),
    });
    await saveAutopilot(db, { projectId: "p2", state: "on", maxConcurrent: 1 }, at(2));
    expect((await listAutopilots(db)).map((a) => [a.projectId, a.state]).sort()).toEqual([
      ["p1", "on"],
      ["p2", "on"],
    ]);
  });

  it("keeps the later pause with its reason, lifts one in force, and drops expired ones", async () => {
    const store = await stores.open(engine);
    const db = store.db;
    const now = at(0);
    const later = at(7 * 86_400_000).toISOString();
    const sooner = at(600_000).toISOString();
    await pauseAccount(db, { account: "team", until: later, reason: "a" }, now);
    expect(await pauseAccount(db, { account: "team", until: sooner, reason: "b" }, now)).toEqual({
      account: "team",
      until: later,
      reason: "a",
    });
    const latest = at(8 * 86_400_000).toISOString();
    expect(await pauseAccount(db, { account: "team", until: latest, reason: "c" }, now)).toEqual({
      account: "team",
      until: latest,
      reason: "c",
    });
    await pauseAccount(db, { account: "old", until: at(1000).toISOString(), reason: "d" }, now);
    await pauseAccount(db, { account: "other", until: sooner, reason: "e" }, now);

    expect((await listAccountPauses(db, now)).map((p) => p.account).sort()).toEqual(["old", "other", "team"]);
    // At 1 s "old" has ended: listed no more, and deleted when the scheduler says it is over.
    expect((await listAccountPauses(db, at(1000))).map((p) => p.account).sort()).toEqual(["other", "team"]);
    expect(await deleteEndedAccountPauses(db, at(1000))).toBe(1);
    expect((await listAccountPauses(db, now)).map((p) => p.account).sort()).toEqual(["other", "team"]);

    expect(await liftAccountPause(db, "team", at(1000))).toEqual({ account: "team", until: latest, reason: "c" });
    expect(await liftAccountPause(db, "team", at(1000))).toBeUndefined();
    // A pause whose time has passed is not in force: nothing is lifted.
    expect(await liftAccountPause(db, "other", at(600_000))).toBeUndefined();
    expect(await listAccountPauses(db, now)).toEqual([]);
  });

  it("two pauses of one account at once leave the later one", async () => {
    const store = await stores.open(engine, { maxConnections: 4 });
    const untils = [3, 9, 1, 7, 5].map((days) => at(days * 86_400_000).toISOString());
    await Promise.all(
      untils.map((until, i) =>
        store.transaction((tx) => pauseAccount(tx, { account: "team", until, reason: `r${i}` }, T0)),
      ),
    );
    expect(await listAccountPauses(store.db, T0)).toEqual([{ account: "team", until: untils[1], reason: "r1" }]);
  });
});

describe.each(ENGINES)("agent profiles on %s", (engine) => {
  const fields = (name: string, extra: Partial<AgentFields> = {}): AgentFields =>
    ({
      name,
      adapter: "custom",
      model: null,
      args: ["--fast"],
      command: ["run", "it"],
      permissionMode: null,
      envAllowlist: ["HOME"],
      skills: [],
      persona: "developer",
      maxConcurrent: null,
      delegates: [],
      sandbox: "none",
      network: "on",
      account: null,
      memoryMb: null,
      ...extra,
    }) as AgentFields;

  it("upserts, finds, pages among the built-in ones (a stored one shadows its built-in) and deletes", async () => {
    const store = await stores.open(engine);
    const db = store.db;
    const mine = await upsertAgent(db, fields("mine"), T0);
    expect(mine).toMatchObject({
      name: "mine",
      args: ["--fast"],
      command: ["run", "it"],
      builtIn: false,
      createdAt: T0.toISOString(),
    });
    const updated = await upsertAgent(db, fields("mine", { model: "m2", command: null, skills: ["x"] }), at(5));
    expect(updated).toMatchObject({
      model: "m2",
      command: null,
      skills: ["x"],
      createdAt: T0.toISOString(),
      updatedAt: at(5).toISOString(),
    });
    await upsertAgent(db, fields("codex", { adapter: "codex", command: null }), T0);
    await upsertAgent(db, fields("Zulu"), T0);

    expect(await findStoredAgent(db, "mine")).toEqual(updated);
    expect(await findStoredAgent(db, "claude-code")).toBeUndefined();
    expect((await findAgent(db, "claude-code"))?.builtIn).toBe(true);
    expect((await findAgent(db, "codex"))?.builtIn).toBe(false);
    expect(await findAgent(db, "nobody")).toBeUndefined();

    const all = await listAgents(db);
    const names = all.map((agent: AgentProfile) => agent.name);
    // Code-point order: upper case first.
    expect(names).toEqual(["Zulu", "aider", "claude-code", "codex", "gemini", "mine", "opencode", "shell"]);
    expect(all.filter((agent) => agent.name === "codex")).toEqual([expect.objectContaining({ builtIn: false })]);
    expect((await pageAgents(db, { limit: 3, after: "claude-code" })).map((agent) => agent.name)).toEqual([
      "codex",
      "gemini",
      "mine",
    ]);

    expect(await deleteAgent(db, "mine")).toBe(true);
    expect(await deleteAgent(db, "mine")).toBe(false);
    expect(await findAgent(db, "mine")).toBeUndefined();
  });
});

describe.each(ENGINES)("attention and spend on %s", (engine) => {
  it("counts sessions needing input, tasks in review waiting for a person, and phases in review", async () => {
    const store = await storeWithProjects(engine, "p1");
    await store.transaction(async (tx) => {
      await addSession(tx, "p1", "s1", { costUsd: 0, tokensIn: 0, tokensOut: 0 }, [], "needs_input");
      await addSession(tx, "p1", "s2", { costUsd: 0, tokensIn: 0, tokensOut: 0 }, [], "running");
      await addTask(tx, "p1", "a", { status: "in_review" }); // no landing at all: waits for a person
      await addTask(tx, "p1", "b", { status: "in_review", landing: { ...NO_LANDING, landState: "queued" } });
      await addTask(tx, "p1", "c", { status: "in_review", landing: { ...NO_LANDING, landState: "waiting" } });
      await addTask(tx, "p1", "d", { status: "todo" });
      await tx.orm.insert(tx.t.specTable).values({
        id: "sp",
        projectId: "p1",
        slug: "sp",
        name: "sp",
        phase: "design",
        status: "active",
        createdAt: T0,
        updatedAt: T0,
      });
      await tx.orm.insert(tx.t.specPhaseTable).values([
        { specId: "sp", phase: "requirements", reviewState: "approved", requiredApprovals: 1, updatedAt: T0 },
        { specId: "sp", phase: "design", reviewState: "in_review", requiredApprovals: 1, updatedAt: T0 },
      ]);
    });
    expect(await countAttention(store.db)).toEqual({ needsInput: 1, inReview: 2, approvals: 1 });
  });

  it("sums spend by project, spec and subtree as numbers, the first task of a session only", async () => {
    const store = await storeWithProjects(engine, "p1", "p2");
    await store.transaction(async (tx) => {
      await tx.orm.insert(tx.t.specTable).values({
        id: "sp",
        projectId: "p1",
        slug: "sp",
        name: "sp",
        phase: "tasks",
        status: "active",
        createdAt: T0,
        updatedAt: T0,
      });
      await addTask(tx, "p1", "root", { specId: "sp" });
      await addTask(tx, "p1", "child", { parentId: "root", specId: "sp" });
      await addTask(tx, "p1", "other");
      // Large token counts: a sum of bigints is a numeric on PostgreSQL.
      await addSession(tx, "p1", "s1", { costUsd: 1.25, tokensIn: 3_000_000_000, tokensOut: 5 }, ["root", "other"]);
      await addSession(tx, "p1", "s2", { costUsd: 0.5, tokensIn: 10, tokensOut: 20 }, ["child"]);
      await addSession(tx, "p1", "s3", { costUsd: 2, tokensIn: 1, tokensOut: 1 }, ["other"]);
      await addSession(tx, "p1", "s4", { costUsd: 0.25, tokensIn: 4, tokensOut: 0 }); // no task
      await addSession(tx, "p2", "s5", { costUsd: 9, tokensIn: 9, tokensOut: 9 });
    });
    const db = store.db;
    expect(await sumProjectSpend(db, "p1")).toEqual({ usd: 4, tokens: 3_000_000_041 });
    expect(await sumProjectSpend(db, "none")).toEqual({ usd: 0, tokens: 0 });
    expect(await sumSpecSpends(db, "p1")).toEqual(new Map([["sp", { usd: 1.75, tokens: 3_000_000_035 }]]));
    expect(await sumSubtreeSpend(db, "root")).toEqual({ usd: 1.75, tokens: 3_000_000_035 });
    expect(await sumSubtreeSpend(db, "child")).toEqual({ usd: 0.5, tokens: 30 });
    expect(await sumSubtreeSpend(db, "other")).toEqual({ usd: 2, tokens: 2 });
    expect(await sumSubtreeSpend(db, "missing")).toEqual({ usd: 0, tokens: 0 });
  });

  it("lists budgeted tasks and a task's budgeted lineage nearest first, budgets as numbers or null", async () => {
    const store = await storeWithProjects(engine, "p1");
    await store.transaction(async (tx) => {
      await addTask(tx, "p1", "root", { budgetUsd: 10.5 });
      await addTask(tx, "p1", "middle", { parentId: "root" });
      await addTask(tx, "p1", "leaf", { parentId: "middle", budgetTokens: 5_000_000_000 });
      await addTask(tx, "p1", "plain");
    });
    const db = store.db;
    expect((await listBudgetedTasks(db, "p1")).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: "leaf", key: "K-leaf", budgetUsd: null, budgetTokens: 5_000_000_000 },
      { id: "root", key: "K-root", budgetUsd: 10.5, budgetTokens: null },
    ]);
    expect(await listBudgetedLineage(db, "leaf")).toEqual([
      { id: "leaf", key: "K-leaf", budgetUsd: null, budgetTokens: 5_000_000_000 },
      { id: "root", key: "K-root", budgetUsd: 10.5, budgetTokens: null },
    ]);
    expect(await listBudgetedLineage(db, "plain")).toEqual([]);
  });
});

describe("readInChunks", () => {
  it("reads at most 500 values at a time, one chunk after another, and returns every row in order", async () => {
    const values = Array.from({ length: 1_001 }, (_, i) => `v${i}`);
    const sizes: number[] = [];
    let reading = 0;
    const rows = await readInChunks(values, async (chunk) => {
      reading += 1;
      expect(reading).toBe(1);
      sizes.push(chunk.length);
      await new Promise((resolve) => setImmediate(resolve));
      reading -= 1;
      return chunk.map((value) => `row of ${value}`);
    });
    expect(sizes).toEqual([500, 500, 1]);
    expect(rows).toEqual(values.map((value) => `row of ${value}`));
    expect(await readInChunks([], () => expect.unreachable())).toEqual([]);
  });
});
