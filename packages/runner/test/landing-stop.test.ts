import type { AppRouter } from "@maestro/server";
import { createTRPCClient, httpLink } from "@trpc/client";
import { afterEach, describe, expect, it } from "vitest";
import { type World, startWorld } from "./world";

// Issue 16 ("Runners anywhere"): a stopping runner lets go of its open land claim at once (it is a
// 25 s long poll), and the server gives no land job to a runner that has stopped: a job handed to
// it would wait for its lease to run out before anyone else could land its project.

interface ClaimCall {
  startedAt: number;
  settledAt: number | undefined;
}

const realFetch = globalThis.fetch;
let calls: ClaimCall[];
let world: World | undefined;

/** Records every runner.claimLanding request the runner makes, and when its answer (or abort) came. */
function watchClaimLanding(): void {
  calls = [];
  globalThis.fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!url.includes("runner.claimLanding")) return realFetch(input, init);
    const call: ClaimCall = { startedAt: Date.now(), settledAt: undefined };
    calls.push(call);
    try {
      return await realFetch(input, init);
    } finally {
      call.settledAt = Date.now();
    }
  };
}

afterEach(async () => {
  globalThis.fetch = realFetch;
  await world?.close();
  world = undefined;
});

const commit = (n: number) => n.toString(16).padStart(40, "0");

/** Plays a runner (not the world's) through a session of a remote project's task, so the lander queues its land job. */
async function queueLandJob(w: World): Promise<void> {
  const runner = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${w.server.url}/trpc`, headers: { authorization: `Bearer ${w.server.runnerToken}` } })],
  }).runner;
  const settings = {
    worktreeMode: "per_task" as const,
    targetBranch: "main",
    landPolicy: "auto" as const,
    repositoryUrl: "https://git.example.com/team/web.git",
  };
  await w.client.project.create.mutate({ name: "Remote", rootDir: w.rootDir, key: "REM", settings });
  await w.client.agent.add.mutate({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
  await w.client.task.create.mutate({ projectId: "REM", title: "One" });
  await w.client.session.start.mutate({ taskIds: ["REM-1"], agent: "script", worktree: true });
  const claim = (await runner.claim.mutate({ runnerId: "player" }))!;
  const lease = { sessionId: claim.session.id, lease: claim.lease };
  const branch = "maestro/REM-1-1";
  await runner.started.mutate({ ...lease, pid: 999_999, cwd: "/w", worktreePath: "/w", branch, baseCommit: commit(1) });
  const file = { path: "a.txt", oldPath: null, status: "added" as const, additions: 1, deletions: 0, isBinary: false };
  const patch = "diff --git a/a.txt b/a.txt\n";
  await runner.reportDiff.mutate({
    ...lease,
    base: commit(1),
    head: commit(2),
    files: [file],
    patch,
    isTruncated: false,
  });
  const end = { exitCode: 0, signal: null, error: null, headCommit: commit(2), checks: "none" as const };
  await runner.finish.mutate({ ...lease, ...end, changedFiles: [file.path] });
  await w.waitFor(
    () => w.client.task.byId.query({ id: "REM-1" }),
    (task) => task.landing.landState === "landing",
  );
}

describe("a stopping runner and its land claim", () => {
  it("aborts the open long poll at once, asks no more, and is given no land job afterwards", async () => {
    watchClaimLanding();
    world = await startWorld({ runnerId: "stopping", graceMs: 5_000 });
    const w = world;
    await w.waitFor(
      async () => calls.filter((call) => call.settledAt === undefined).length,
      (open) => open === 1,
    );
    const open = calls.find((call) => call.settledAt === undefined)!;
    const stopping = Date.now();
    await w.runner.stop();
    // Well under the 25 s poll, and under the 5 s the runner would wait for an unfinished landing.
    expect(Date.now() - stopping).toBeLessThan(2_500);
    expect(open.settledAt).toBeDefined();
    expect(open.settledAt! - stopping).toBeLessThan(2_500);
    const asked = calls.length;
    const other = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${w.server.url}/trpc`, headers: { authorization: `Bearer ${w.server.runnerToken}` } })],
    });
    // The server holds no claim of it open any more.
    expect(await other.runner.release.mutate({ runnerId: "stopping" })).toEqual({ released: 0 });

    await queueLandJob(w);
    // The server's waiting claims look again every second: give them time to claim for the stopped runner.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(calls.length).toBe(asked);
    // Never claimed before: the first claim of it carries lease 1.
    expect(await other.runner.claimLanding.mutate({ runnerId: "other" })).toMatchObject({ taskKey: "REM-1", lease: 1 });
    expect(w.runnerLog.filter((line) => line.startsWith("runner:"))).toEqual([]);
  });
});
