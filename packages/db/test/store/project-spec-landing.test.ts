import { DEFAULT_PROJECT_SETTINGS, type Project } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import {
  allocateTaskNumber,
  deleteProject,
  findDocumentVersion,
  findProjectById,
  findProjectByKey,
  findProjectByRef,
  findSpecById,
  findSpecIdsOfSource,
  findSpecItemOfTask,
  findSpecsBySlug,
  findTaskCheck,
  findTaskIdsOfSource,
  finishTaskCheck,
  insertDocumentVersion,
  insertProject,
  insertReview,
  insertSpec,
  insertTaskCheck,
  insertTaskReview,
  isProjectKeyTaken,
  latestDocument,
  linkSpecTask,
  listApprovals,
  listDocumentVersions,
  listProjects,
  listReviews,
  listSpecTaskLinks,
  listSpecs,
  listTaskChecks,
  pageProjects,
  pageSpecs,
  pageTaskChecks,
  pageTaskReviews,
  peekTaskNumber,
  setReviewState,
  setSpecSourceRef,
  setTaskSourceRef,
  sourceRefOf,
  updateProject,
  updateSpec,
} from "../../src/index";
import { lockSpecPhase } from "../../src/repositories/spec-document-repository";
import type { Db, Store } from "../../src/store/store";
import { ENGINES, useStores } from "./engines";
import { tick } from "./rows";

const stores = useStores();

const at = (ms: number) => new Date(Date.UTC(2026, 11, 5, 10, 0, 0, ms));

async function project(db: Db, key: string, now = at(0)): Promise<Project> {
  return await insertProject(
    db,
    { key, name: `Project ${key}`, rootDir: `/tmp/${key}`, description: "", settings: DEFAULT_PROJECT_SETTINGS },
    now,
  );
}

/** A bare task row, written with the engine's own builder (the task repository is another group's). */
async function task(db: Db, projectId: string, id: string, number: number): Promise<string> {
  const now = at(0);
  await db.orm.insert(db.t.taskTable).values({
    id,
    projectId,
    number,
    key: `${id.toUpperCase()}-${number}`,
    title: id,
    acceptanceCriteria: [],
    status: "todo",
    priority: "medium",
    touches: [],
    requirementIds: [],
    rank: number,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

async function session(db: Db, projectId: string, id: string): Promise<string> {
  await db.orm.insert(db.t.sessionTable).values({
    id,
    projectId,
    agent: "claude",
    role: "worker",
    status: "running",
    attempt: 1,
    prompt: "",
    tokenHash: "hash",
    createdAt: at(0),
  });
  return id;
}

async function spec(db: Db, projectId: string, slug: string, now = at(0), requiredApprovals = 1) {
  return await insertSpec(db, { projectId, slug, name: slug, request: `build ${slug}`, requiredApprovals }, now);
}

/** SQLite's error names the constraint; drizzle wraps PostgreSQL's ("Failed query: …") with it as the cause. */
async function expectUniqueViolation(write: Promise<unknown>): Promise<void> {
  const error = await write.then(
    () => undefined,
    (thrown: unknown) => thrown as Error & { cause?: Error },
  );
  expect(error).toBeDefined();
  expect(`${error!.message} ${error!.cause?.message ?? ""}`).toMatch(
    /UNIQUE constraint failed|duplicate key value violates unique constraint/,
  );
}

describe.each(ENGINES)("projects on %s", (engine) => {
  it("stores a project whole (settings as JSON, dates to the millisecond) and finds it by id, key and reference", async () => {
    const store = await stores.open(engine);
    const db = store.db;
    const settings = { ...DEFAULT_PROJECT_SETTINGS, checks: ["pnpm test", "pnpm lint"], budgetUsd: 12.5 };
    const created = await insertProject(
      db,
      { key: "WEB", name: "Web", rootDir: "/srv/web", description: "the site", settings },
      at(345),
    );
    expect(created).toMatchObject({
      key: "WEB",
      name: "Web",
      rootDir: "/srv/web",
      description: "the site",
      settings,
      createdAt: "2026-12-05T10:00:00.345Z",
      updatedAt: "2026-12-05T10:00:00.345Z",
    });
    expect(await findProjectById(db, created.id)).toEqual(created);
    expect(await findProjectByKey(db, "web")).toEqual(created);
    expect(await findProjectByRef(db, "Web")).toEqual(created);
    expect(await findProjectByRef(db, created.id)).toEqual(created);
    expect(await findProjectById(db, "nope")).toBeUndefined();
    expect(await findProjectByKey(db, "API")).toBeUndefined();
    expect(await isProjectKeyTaken(db, "WEB")).toBe(true);
    expect(await isProjectKeyTaken(db, "API")).toBe(false);
  });

  it("lists and pages projects oldest first, the key breaking ties", async () => {
    const store = await stores.open(engine);
    const db = store.db;
    const c = await project(db, "CCC", at(1));
    const b = await project(db, "BBB", at(2));
    const a = await project(db, "AAA", at(2));
    const keys = (projects: Project[]) => projects.map((p) => p.key);
    expect(keys(await listProjects(db))).toEqual(["CCC", "AAA", "BBB"]);
    expect(keys(await pageProjects(db, { limit: 2 }))).toEqual(["CCC", "AAA"]);
    expect(keys(await pageProjects(db, { limit: 2, after: { createdAt: at(2), key: a.key } }))).toEqual(["BBB"]);
    expect(keys(await pageProjects(db, { limit: 5, after: { createdAt: at(1), key: c.key } }))).toEqual(["AAA", "BBB"]);
    expect(await pageProjects(db, { limit: 5, after: { createdAt: at(2), key: b.key } })).toEqual([]);
  });

  it("updates and deletes a project, its specs going with it", async () => {
    const store = await stores.open(engine);
    const web = await project(store.db, "WEB");
    const login = await spec(store.db, web.id, "login");
    const updated = await store.transaction(
      async (tx) =>
        await updateProject(
          tx,
          web.id,
          { name: "Site", settings: { ...DEFAULT_PROJECT_SETTINGS, worktreeMode: "per_task", targetBranch: "main" } },
          at(999),
        ),
    );
    expect(updated).toMatchObject({ key: "WEB", name: "Site", updatedAt: "2026-12-05T10:00:00.999Z" });
    expect(updated.settings).toMatchObject({ worktreeMode: "per_task", targetBranch: "main", checks: [] });
    expect(await findProjectById(store.db, web.id)).toEqual(updated);
    await expect(store.transaction(async (tx) => await updateProject(tx, "gone", { name: "x" }))).rejects.toThrow(
      /project gone vanished/,
    );

    await store.transaction(async (tx) => await deleteProject(tx, web.id));
    expect(await findProjectById(store.db, web.id)).toBeUndefined();
    expect(await findSpecById(store.db, login.id)).toBeUndefined();
    expect(await listProjects(store.db)).toEqual([]);
  });

  it("allocates task numbers one after another and peeks at the next without taking it", async () => {
    const store = await stores.open(engine);
    const web = await project(store.db, "WEB");
    const api = await project(store.db, "API");
    expect(await peekTaskNumber(store.db, web.id)).toBe(1);
    expect(await store.transaction(async (tx) => await allocateTaskNumber(tx, web.id))).toBe(1);
    expect(await store.transaction(async (tx) => await allocateTaskNumber(tx, web.id))).toBe(2);
    expect(await store.transaction(async (tx) => await allocateTaskNumber(tx, api.id))).toBe(1);
    expect(await peekTaskNumber(store.db, web.id)).toBe(3);
    // A rolled-back allocation gives its number back.
    await expect(
      store.transaction(async (tx) => {
        await allocateTaskNumber(tx, web.id);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await peekTaskNumber(store.db, web.id)).toBe(3);
    await expect(store.transaction(async (tx) => await allocateTaskNumber(tx, "gone"))).rejects.toThrow(
      /project gone vanished/,
    );
    await expect(peekTaskNumber(store.db, "gone")).rejects.toThrow(/project gone not found/);
  });

  it("gives concurrent transactions distinct task numbers", { timeout: 30_000 }, async () => {
    const store = await stores.open(engine, { maxConnections: 6 });
    const web = await project(store.db, "WEB");
    const numbers = await Promise.all(
      Array.from(
        { length: 12 },
        async () =>
          await store.transaction(async (tx) => {
            const number = await allocateTaskNumber(tx, web.id);
            await tick(); // others start and reach the project's row meanwhile
            return number;
          }),
      ),
    );
    expect([...numbers].sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(await peekTaskNumber(store.db, web.id)).toBe(13);
  });
});

describe.each(ENGINES)("specs and their documents on %s", (engine) => {
  it("creates a spec with every phase in draft and reads its state back", async () => {
    const store = await stores.open(engine);
    const web = await project(store.db, "WEB");
    const login = await spec(store.db, web.id, "login", at(7), 2);
    expect(login).toMatchObject({
      projectId: web.id,
      slug: "login",
      name: "login",
      request: "build login",
      phase: "requirements",
      status: "active",
      createdAt: at(7).toISOString(),
    });
    expect(login.phases).toEqual([
      { phase: "requirements", reviewState: "draft", requiredApprovals: 2, approvals: 0, version: null },
      { phase: "design", reviewState: "draft", requiredApprovals: 2, approvals: 0, version: null },
      { phase: "tasks", reviewState: "draft", requiredApprovals: 2, approvals: 0, version: null },
    ]);
    expect(await findSpecById(store.db, login.id)).toEqual(login);
    expect(await findSpecById(store.db, "nope")).toBeUndefined();

    const updated = await store.transaction(
      async (tx) => await updateSpec(tx, login.id, { phase: "design", status: "done" }, at(8)),
    );
    expect(updated).toMatchObject({ phase: "design", status: "done", updatedAt: at(8).toISOString() });
    await store.transaction(async (tx) => await setReviewState(tx, login.id, "design", "in_review"));
    expect((await findSpecById(store.db, login.id))!.phases[1]).toMatchObject({ reviewState: "in_review" });
    expect((await findSpecById(store.db, login.id))!.phases[0]).toMatchObject({ reviewState: "draft" });
    await expect(store.transaction(async (tx) => await updateSpec(tx, "gone", { status: "done" }))).rejects.toThrow(
      /spec gone vanished/,
    );
  });

  it("finds specs by slug and pages them oldest first, the id breaking ties", async () => {
    const store = await stores.open(engine);
    const web = await project(store.db, "WEB");
    const api = await project(store.db, "API");
    const webLogin = await spec(store.db, web.id, "login", at(5));
    const apiLogin = await spec(store.db, api.id, "login", at(1));
    const webA = await spec(store.db, web.id, "a", at(5));
    const webB = await spec(store.db, web.id, "b", at(9));
    const ids = (specs: { id: string }[]) => specs.map((s) => s.id);

    expect(ids(await findSpecsBySlug(store.db, "login")).sort()).toEqual([webLogin.id, apiLogin.id].sort());
    expect(ids(await findSpecsBySlug(store.db, "login", web.id))).toEqual([webLogin.id]);
    expect(await findSpecsBySlug(store.db, "LOGIN")).toEqual([]);

    const tied = [webLogin, webA].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(ids(await listSpecs(store.db))).toEqual([apiLogin.id, ...ids(tied), webB.id]);
    expect(ids(await listSpecs(store.db, { projectId: web.id }))).toEqual([...ids(tied), webB.id]);
    expect(ids(await pageSpecs(store.db, { projectId: web.id, limit: 1 }))).toEqual([tied[0]!.id]);
    const after = { createdAt: at(5), id: tied[0]!.id };
    expect(ids(await pageSpecs(store.db, { limit: 5, after }))).toEqual([tied[1]!.id, webB.id]);
    expect(await pageSpecs(store.db, { limit: 5, after: { createdAt: at(9), id: webB.id } })).toEqual([]);
    // The full spec, phases and all, as findSpecById reads it.
    expect((await listSpecs(store.db, { projectId: api.id }))[0]).toEqual(await findSpecById(store.db, apiLogin.id));
  });

  it("numbers each phase document's versions and pages them newest first", async () => {
    const store = await stores.open(engine);
    const web = await project(store.db, "WEB");
    const login = await spec(store.db, web.id, "login");
    const write = async (phase: "requirements" | "design", text: string, ms: number) =>
      await store.transaction(
        async (tx) =>
          await insertDocumentVersion(tx, { specId: login.id, phase, text, author: "ann", source: "api" }, at(ms)),
      );
    expect(await latestDocument(store.db, login.id, "requirements")).toBeUndefined();
    const one = await write("requirements", "one", 1);
    await write("requirements", "two", 2);
    const design = await write("design", "d", 3);
    const three = await write("requirements", "three", 4);
    expect(one).toEqual({
      specId: login.id,
      phase: "requirements",
      version: 1,
      text: "one",
      author: "ann",
      source: "api",
      createdAt: at(1).toISOString(),
    });
    expect(design.version).toBe(1);
    expect(three.version).toBe(3);
    expect(await latestDocument(store.db, login.id, "requirements")).toEqual(three);
    expect(await findDocumentVersion(store.db, login.id, "requirements", 1)).toEqual(one);
    expect(await findDocumentVersion(store.db, login.id, "design", 2)).toBeUndefined();
    const versions = async (page: { limit: number; before?: number }) =>
      (await listDocumentVersions(store.db, { specId: login.id, phase: "requirements" }, page)).map((v) => v.text);
    expect(await versions({ limit: 10 })).toEqual(["three", "two", "one"]);
    expect(await versions({ limit: 1, before: 3 })).toEqual(["two"]);
    expect(await versions({ limit: 10, before: 1 })).toEqual([]);
    const found = (await findSpecById(store.db, login.id))!;
    expect(found.phases.map((p) => p.version)).toEqual([3, 1, null]);
  });

  it("gives concurrent writers of one document consecutive versions", { timeout: 30_000 }, async () => {
    const store = await stores.open(engine, { maxConnections: 6 });
    const web = await project(store.db, "WEB");
    const login = await spec(store.db, web.id, "login");
    const versions = await Promise.all(
      Array.from(
        { length: 8 },
        async (_, i) =>
          await store.transaction(async (tx) => {
            const written = await insertDocumentVersion(tx, {
              specId: login.id,
              phase: "design",
              text: `text ${i}`,
              author: "ann",
              source: "api",
            });
            await tick(); // the others read the latest version meanwhile
            return written.version;
          }),
      ),
    );
    expect([...versions].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it(
    "lets a writer that locked the phase build the next version on the latest without losing another's",
    { timeout: 30_000 },
    async () => {
      const store = await stores.open(engine, { maxConnections: 6 });
      const web = await project(store.db, "WEB");
      const login = await spec(store.db, web.id, "login");
      const doc = { specId: login.id, phase: "tasks" as const, author: "maestro", source: "system" as const };
      await insertDocumentVersion(store.db, { ...doc, text: "" });
      await Promise.all(
        Array.from(
          { length: 6 },
          async (_, i) =>
            await store.transaction(async (tx) => {
              await lockSpecPhase(tx, login.id, "tasks");
              const latest = (await latestDocument(tx, login.id, "tasks"))!;
              await tick(); // the others try to read it meanwhile
              await insertDocumentVersion(tx, { ...doc, text: `${latest.text}${i}` });
            }),
        ),
      );
      const latest = (await latestDocument(store.db, login.id, "tasks"))!;
      expect(latest.version).toBe(7);
      expect([...latest.text].sort().join("")).toBe("012345");
      if (engine === "sqlite") return; // one transaction at a time there: no second one to run beside it
      // The lock is the phase's own: another phase of the same spec is not held by it.
      await store.transaction(async (tx) => {
        await lockSpecPhase(tx, login.id, "tasks");
        const other = await store.transaction(
          async (tx2) => await insertDocumentVersion(tx2, { ...doc, phase: "design", text: "free" }),
        );
        expect(other.version).toBe(1);
      });
    },
  );

  it("keeps reviews in order and counts the approvals of the current version", async () => {
    const store = await stores.open(engine);
    const web = await project(store.db, "WEB");
    const login = await spec(store.db, web.id, "login", at(0), 2);
    const other = await spec(store.db, web.id, "other");
    const db = store.db;
    const doc = { specId: login.id, phase: "requirements" as const, author: "ann", source: "api" as const };
    await insertDocumentVersion(db, { ...doc, text: "one" });
    const review = async (
      kind: "approval" | "submission" | "change_request",
      actor: string,
      version: number,
      ms: number,
    ) =>
      await insertReview(
        db,
        { specId: login.id, phase: "requirements", kind, version, actor, comment: `${kind} ${actor}` },
        at(ms),
      );
    const submitted = await review("submission", "ann", 1, 10);
    await review("approval", "bob", 1, 20);
    await insertDocumentVersion(db, { ...doc, text: "two" });
    await review("approval", "cat", 2, 30);
    await review("change_request", "dan", 2, 40);
    await review("approval", "eve", 2, 50);
    await insertReview(db, {
      specId: other.id,
      phase: "requirements",
      kind: "approval",
      version: 2,
      actor: "x",
      comment: "",
    });

    expect(submitted).toEqual({
      id: submitted.id,
      specId: login.id,
      phase: "requirements",
      kind: "submission",
      version: 1,
      actor: "ann",
      comment: "submission ann",
      createdAt: at(10).toISOString(),
    });
    expect((await listReviews(db, login.id)).map((r) => r.actor)).toEqual(["ann", "bob", "cat", "dan", "eve"]);
    expect((await listApprovals(db, login.id, "requirements", 2)).map((r) => r.actor)).toEqual(["cat", "eve"]);
    expect((await listApprovals(db, login.id, "requirements", 1)).map((r) => r.actor)).toEqual(["bob"]);
    expect(await listApprovals(db, login.id, "design", 2)).toEqual([]);
    expect((await findSpecById(db, login.id))!.phases[0]).toMatchObject({ version: 2, approvals: 2 });
  });

  it("links tasks.md items to tasks, a re-link moving the item", async () => {
    const store = await stores.open(engine);
    const web = await project(store.db, "WEB");
    const login = await spec(store.db, web.id, "login");
    const db = store.db;
    const t1 = await task(db, web.id, "t1", 1);
    const t2 = await task(db, web.id, "t2", 2);
    const t3 = await task(db, web.id, "t3", 3);
    await linkSpecTask(db, { specId: login.id, item: "1", taskId: t1 });
    await linkSpecTask(db, { specId: login.id, item: "1.1", taskId: t2 });
    await linkSpecTask(db, { specId: login.id, item: "1", taskId: t3 });
    expect([...(await listSpecTaskLinks(db, login.id)).entries()].sort()).toEqual([
      ["1", t3],
      ["1.1", t2],
    ]);
    expect(await findSpecItemOfTask(db, t2)).toEqual({ specId: login.id, item: "1.1" });
    expect(await findSpecItemOfTask(db, t1)).toBeUndefined();
    expect(await listSpecTaskLinks(db, "nope")).toEqual(new Map());
  });
});

describe.each(ENGINES)("source references on %s", (engine) => {
  it("finds a source's tasks and specs by item id: that source exactly (case, `%`, `_`), in that project", async () => {
    const store = await stores.open(engine);
    const db = store.db;
    const web = await project(db, "WEB");
    const api = await project(db, "API");
    const [one, two, other, upper, elsewhere] = [
      await task(db, web.id, "one", 1),
      await task(db, web.id, "two", 2),
      await task(db, web.id, "other", 3),
      await task(db, web.id, "upper", 4),
      await task(db, api.id, "elsewhere", 1),
    ];
    await setTaskSourceRef(db, one, sourceRefOf("taskmaster:master", "1"));
    await setTaskSourceRef(db, two, sourceRefOf("taskmaster:master", "1.2"));
    await setTaskSourceRef(db, other, sourceRefOf("taskmaster:master_%", "1"));
    await setTaskSourceRef(db, upper, sourceRefOf("TaskMaster:master", "9"));
    await setTaskSourceRef(db, elsewhere, sourceRefOf("taskmaster:master", "1"));
    const found = await findTaskIdsOfSource(db, web.id, "taskmaster:master");
    expect([...found.entries()].sort()).toEqual([
      ["1", one],
      ["1.2", two],
    ]);
    expect([...(await findTaskIdsOfSource(db, web.id, "taskmaster:master_%")).entries()]).toEqual([["1", other]]);
    expect([...(await findTaskIdsOfSource(db, web.id, "TaskMaster:master")).entries()]).toEqual([["9", upper]]);
    expect(await findTaskIdsOfSource(db, web.id, "taskmaster")).toEqual(new Map());

    const login = await spec(db, web.id, "login");
    await setSpecSourceRef(db, login.id, sourceRefOf("kiro", "login"));
    expect([...(await findSpecIdsOfSource(db, web.id, "kiro")).entries()]).toEqual([["login", login.id]]);
    expect(await findSpecIdsOfSource(db, api.id, "kiro")).toEqual(new Map());
  });

  it("matches a source named beyond ASCII (accents, an emoji) by its characters", async () => {
    const store = await stores.open(engine);
    const db = store.db;
    const web = await project(db, "WEB");
    const a = await task(db, web.id, "a", 1);
    const b = await task(db, web.id, "b", 2);
    await setTaskSourceRef(db, a, sourceRefOf("café:📋", "7"));
    await setTaskSourceRef(db, b, sourceRefOf("café:📋x", "8"));
    expect([...(await findTaskIdsOfSource(db, web.id, "café:📋")).entries()]).toEqual([["7", a]]);
    expect([...(await findTaskIdsOfSource(db, web.id, "café:📋x")).entries()]).toEqual([["8", b]]);
  });

  it("refuses a second task or spec with the same reference in one project", async () => {
    const store = await stores.open(engine);
    const db = store.db;
    const web = await project(db, "WEB");
    const one = await task(db, web.id, "one", 1);
    const two = await task(db, web.id, "two", 2);
    await setTaskSourceRef(db, one, "json:WEB#WEB-1");
    await expectUniqueViolation(setTaskSourceRef(db, two, "json:WEB#WEB-1"));
    const a = await spec(db, web.id, "a");
    const b = await spec(db, web.id, "b");
    await setSpecSourceRef(db, a.id, "kiro#login");
    await expectUniqueViolation(setSpecSourceRef(db, b.id, "kiro#login"));
    expect((await findSpecIdsOfSource(db, web.id, "kiro")).get("login")).toBe(a.id);
  });
});

describe.each(ENGINES)("task reviews and checks on %s", (engine) => {
  async function world(store: Store) {
    const db = store.db;
    const web = await project(db, "WEB");
    const taskId = await task(db, web.id, "t1", 1);
    const otherTask = await task(db, web.id, "t2", 2);
    const sessionId = await session(db, web.id, "s1");
    return { db, web, taskId, otherTask, sessionId };
  }

  it("stores reviews with their line comments and pages them newest first, the id breaking ties", async () => {
    const store = await stores.open(engine);
    const { db, web, taskId, otherTask } = await world(store);
    const review = async (id: string, ms: number, headCommit: string | null = null) =>
      await insertTaskReview(
        db,
        {
          taskId: id,
          projectId: web.id,
          actor: "ann",
          verdict: ms % 2 ? "approve" : "request_changes",
          comment: `at ${ms}`,
          comments: [
            { file: "src/a.ts", line: ms, text: "why?" },
            { file: "src/ü.ts", line: 1, text: "naïve 📋" },
          ],
          headCommit,
        },
        at(ms),
      );
    const first = await review(taskId, 1, "abc123");
    const tiedA = await review(taskId, 2);
    const tiedB = await review(taskId, 2);
    const last = await review(taskId, 3);
    await review(otherTask, 9);
    expect(first).toEqual({
      id: first.id,
      taskId,
      actor: "ann",
      verdict: "approve",
      comment: "at 1",
      comments: [
        { file: "src/a.ts", line: 1, text: "why?" },
        { file: "src/ü.ts", line: 1, text: "naïve 📋" },
      ],
      headCommit: "abc123",
      createdAt: at(1).toISOString(),
    });
    expect(tiedA.headCommit).toBeNull();
    const tied = [tiedA, tiedB].sort((x, y) => (x.id > y.id ? -1 : 1));
    const ids = async (page: Parameters<typeof pageTaskReviews>[2]) =>
      (await pageTaskReviews(db, taskId, page)).map((r) => r.id);
    expect(await ids({ limit: 10 })).toEqual([last.id, tied[0]!.id, tied[1]!.id, first.id]);
    expect(await ids({ limit: 2, before: { createdAt: at(2), id: tied[0]!.id } })).toEqual([tied[1]!.id, first.id]);
    expect(await ids({ limit: 10, before: { createdAt: at(1), id: first.id } })).toEqual([]);
    expect((await pageTaskReviews(db, taskId, { limit: 1 }))[0]).toEqual(last);
  });

  it("records check runs, finishes them and lists them oldest first or pages them newest first", async () => {
    const store = await stores.open(engine);
    const { db, web, taskId, otherTask, sessionId } = await world(store);
    const check = async (id: string, command: string, ms: number) =>
      await store.transaction(
        async (tx) => await insertTaskCheck(tx, { taskId: id, projectId: web.id, sessionId, command }, at(ms)),
      );
    const lint = await check(taskId, "pnpm lint", 1);
    expect(lint).toEqual({
      id: lint.id,
      taskId,
      sessionId,
      command: "pnpm lint",
      status: "running",
      exitCode: null,
      outputTail: "",
      startedAt: at(1).toISOString(),
      endedAt: null,
    });
    const test = await check(taskId, "pnpm test", 5);
    await check(otherTask, "pnpm build", 3);
    const passed = await store.transaction(
      async (tx) => await finishTaskCheck(tx, lint.id, { status: "passed", exitCode: 0, outputTail: "ok\n" }, at(4)),
    );
    expect(passed).toEqual({
      ...lint,
      status: "passed",
      exitCode: 0,
      outputTail: "ok\n",
      endedAt: at(4).toISOString(),
    });
    const failed = await store.transaction(
      async (tx) =>
        await finishTaskCheck(tx, test.id, { status: "failed", exitCode: null, outputTail: "killed" }, at(9)),
    );
    expect(failed).toMatchObject({ status: "failed", exitCode: null, endedAt: at(9).toISOString() });
    expect(await findTaskCheck(db, lint.id)).toEqual(passed);
    expect(await findTaskCheck(db, "nope")).toBeUndefined();
    expect((await listTaskChecks(db, taskId)).map((c) => c.command)).toEqual(["pnpm lint", "pnpm test"]);
    expect((await pageTaskChecks(db, taskId, { limit: 1 })).map((c) => c.command)).toEqual(["pnpm test"]);
    expect(
      (await pageTaskChecks(db, taskId, { limit: 5, before: { createdAt: at(5), id: test.id } })).map((c) => c.id),
    ).toEqual([lint.id]);
    await expect(
      store.transaction(
        async (tx) => await finishTaskCheck(tx, "gone", { status: "passed", exitCode: 0, outputTail: "" }),
      ),
    ).rejects.toThrow(/check gone vanished/);
  });
});
