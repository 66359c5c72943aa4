import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NO_LANDING } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type World, expectTrpcError, makeWorld } from "./helpers";

// The runner's side of a worktree session on the server: what a claim hands it, what `started`
// records of its branch, and the checks it reports.

let world: World;
let dir: string;
const BASE = "a".repeat(40);

beforeEach(async () => {
  world = await makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-runner-checks-"));
  // session.start only looks for the repository; nothing here runs git.
  mkdirSync(join(dir, ".git"));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
  await world.caller.project.update({
    id: "WEB",
    settings: { targetBranch: "main", checks: ["pnpm test"], worktreeSetup: "pnpm install" },
  });
  await world.caller.task.create({ projectId: "WEB", title: "Build it", timeoutSec: 120 });
  await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

async function claimStarted(worktree = true, branch: string | null = "maestro/WEB-1-1") {
  const session = await world.caller.session.start({ taskIds: ["WEB-1"], agent: "script", worktree });
  const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
  await world.caller.runner.started({
    sessionId: session.id,
    lease: claim.lease,
    pid: 999999,
    cwd: dir,
    worktreePath: branch ? join(dir, "wt") : null,
    branch,
    baseCommit: branch ? BASE : null,
  });
  return { claim, ref: { sessionId: session.id, lease: claim.lease } };
}

describe("a worktree session's claim and start", () => {
  it("hands the runner the project's landing settings, and none outside a worktree", async () => {
    const { claim } = await claimStarted();
    expect(claim.landing).toEqual({
      targetBranch: "main",
      checks: ["pnpm test"],
      worktreeSetup: "pnpm install",
      taskTitle: "Build it",
      baseCommit: null,
      commandTimeoutSec: 120,
      repositoryUrl: null,
    });
    await world.caller.session.stop({ id: claim.session.id });
    await world.caller.runner.finish({
      ...{ sessionId: claim.session.id, lease: claim.lease },
      exitCode: null,
      signal: null,
      error: null,
    });
    const { claim: plain } = await claimStarted(false, null);
    expect(plain.landing).toBeNull();
  });

  it("records the branch and its base on the task; the same branch continued keeps its landing, a new one starts afresh", async () => {
    const first = await claimStarted();
    expect((await world.caller.task.byId({ id: "WEB-1" })).landing).toMatchObject({
      branch: "maestro/WEB-1-1",
      baseCommit: BASE,
      checksState: "none",
    });
    const check = await world.caller.runner.checkStarted({ ...first.ref, command: "pnpm test" });
    await world.caller.runner.checkFinished({
      ...first.ref,
      checkId: check.id,
      status: "failed",
      exitCode: 1,
      outputTail: "",
    });
    const end = async ({ ref }: { ref: { sessionId: string; lease: number } }) => {
      await world.caller.session.stop({ id: ref.sessionId });
      await world.caller.runner.finish({ ...ref, exitCode: null, signal: null, error: null });
    };
    await end(first);
    await end(await claimStarted(true, "maestro/WEB-1-1"));
    expect((await world.caller.task.byId({ id: "WEB-1" })).landing).toMatchObject({
      branch: "maestro/WEB-1-1",
      checksState: "failed",
    });
    await claimStarted(true, "maestro/WEB-1-2");
    expect((await world.caller.task.byId({ id: "WEB-1" })).landing).toEqual({
      ...NO_LANDING,
      branch: "maestro/WEB-1-2",
      baseCommit: BASE,
    });
  });
});

describe("runner.checkStarted / checkFinished", () => {
  it("record a check run on the task with events, and the checks state", async () => {
    const { ref } = await claimStarted();
    const started = await world.caller.runner.checkStarted({ ...ref, command: "pnpm test" });
    expect(started).toMatchObject({ command: "pnpm test", status: "running", sessionId: ref.sessionId });
    expect((await world.caller.task.byId({ id: "WEB-1" })).landing.checksState).toBe("running");
    const ended = await world.caller.runner.checkFinished({
      ...ref,
      checkId: started.id,
      status: "failed",
      exitCode: 1,
      outputTail: "1 test failed\n",
    });
    expect(ended).toMatchObject({ status: "failed", exitCode: 1, outputTail: "1 test failed\n" });
    expect(ended.endedAt).not.toBeNull();
    expect((await world.caller.task.byId({ id: "WEB-1" })).landing.checksState).toBe("failed");
    expect((await world.caller.task.checks({ id: "WEB-1" })).items).toEqual([ended]);
    const { items: events } = await world.caller.event.list({ limit: 500 });
    const checked = events.filter((event) => event.kind === "task.checked");
    expect(checked.map((event) => event.kind === "task.checked" && event.payload.check.status)).toEqual([
      "running",
      "failed",
    ]);
  });

  it("are listed a page at a time, newest first, each run once however many start in one millisecond", async () => {
    const { ref } = await claimStarted();
    const started = [];
    for (let i = 0; i < 5; i++) started.push(await world.caller.runner.checkStarted({ ...ref, command: `check ${i}` }));
    const seen = [];
    let cursor: string | null | undefined;
    do {
      const page = await world.caller.task.checks({ id: "WEB-1", limit: 2, cursor });
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const newestFirst = [...started].sort(
      (a, b) => b.startedAt.localeCompare(a.startedAt) || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0),
    );
    expect(seen.map((check) => check.id)).toEqual(newestFirst.map((check) => check.id));
  });

  it("are refused from an older lease, for a check the session does not have, and twice", async () => {
    const { ref } = await claimStarted();
    await expectTrpcError(
      world.caller.runner.checkStarted({ ...ref, lease: ref.lease + 1, command: "x" }),
      "CONFLICT",
      /not held by this lease/,
    );
    const check = await world.caller.runner.checkStarted({ ...ref, command: "pnpm test" });
    const finish = { ...ref, checkId: check.id, status: "passed" as const, exitCode: 0, outputTail: "" };
    await expectTrpcError(
      world.caller.runner.checkFinished({ ...finish, checkId: "nope" }),
      "NOT_FOUND",
      /checkId|nope/,
    );
    await world.caller.runner.checkFinished(finish);
    await expectTrpcError(world.caller.runner.checkFinished(finish), "PRECONDITION_FAILED", /already ended/);
    expect((await world.caller.task.byId({ id: "WEB-1" })).landing.checksState).toBe("running");
  });

  it("are refused for a session that does not work in a worktree", async () => {
    const { ref } = await claimStarted(false, null);
    await expectTrpcError(
      world.caller.runner.checkStarted({ ...ref, command: "x" }),
      "PRECONDITION_FAILED",
      /worktree/,
    );
  });
});
