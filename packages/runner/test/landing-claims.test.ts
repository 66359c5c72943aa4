import type { LandJob } from "@maestro/domain";
import { TRPCClientError } from "@trpc/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SuperviseDeps } from "../src/held-session";
import type { LandingApi } from "../src/landing-api";
import { UNKNOWN_PROCEDURE_PAUSE_MS, claimLandings } from "../src/landing-claims";
import { beat } from "../src/runner-heartbeat";
import type { RunnerState } from "../src/runner-state";
import { type RemoteWorld, createRemoteWorld, remoteTip } from "./remote-git";

// Issue 16 ("Runners anywhere"): the runner claims land jobs one at a time, like sessions,
// and says how each went; a server that predates land jobs is passed over without noise.

let world: RemoteWorld;
let calls: string[];
let lines: string[];

beforeEach(() => {
  world = createRemoteWorld();
  calls = [];
  lines = [];
});
afterEach(() => world.close());

function runnerWith(api: Partial<LandingApi>): RunnerState {
  const deps = { launch: { home: world.home }, landing: api } as unknown as SuperviseDeps;
  return {
    ...{ runnerId: "r1", client: {}, log: (line: string) => lines.push(line), held: new Map(), deps },
    ...{ claiming: undefined, claimAbort: new AbortController(), isBeating: false, giveUp: new AbortController() },
    ...{ landing: undefined, landingAbort: new AbortController(), landingPausedUntil: 0 },
    ...{ stopped: undefined, lastError: "", readAvailableMemoryMb: () => 0, canFailOver: false },
  } as unknown as RunnerState;
}

/** One heartbeat, waited for (beat() itself returns at once). */
async function beatNow(state: RunnerState): Promise<void> {
  beat(state);
  while (state.isBeating) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** Job j1 of task T-1, whose branch (one commit on the target) is on the remote, claimed under `lease`. */
function pushedJob(lease: number): LandJob {
  const head = world.push("maestro/T-1-1", { "work.txt": "w\n" });
  return {
    ...{ jobId: "j1", lease, projectId: "p", taskId: "t1", taskKey: "T-1", taskTitle: "Do it" },
    ...{ repositoryUrl: world.remote, targetBranch: "main", branch: "maestro/T-1-1", head, strategy: "merge" },
    landingCommit: null,
  };
}

const notFound = () =>
  new TRPCClientError('No procedure found on path "runner.claimLanding"', {
    result: { error: { code: -32004, message: "", data: { code: "NOT_FOUND", httpStatus: 404 } } },
  } as never);

describe("the land-job loop", () => {
  it("lands a claimed job, reporting the intent before the result, and asks again", async () => {
    const job = pushedJob(2);
    let jobs = [job];
    const state = runnerWith({
      claimLanding: async (input) => {
        calls.push(`claim ${input.runnerId} ${input.waitMs}`);
        const next = jobs[0] ?? null;
        jobs = [];
        return next;
      },
      landingIntent: async (input) => void calls.push(`intent ${input.jobId}/${input.lease} ${input.commit}`),
      landingResult: async (input) =>
        void calls.push(`result ${input.jobId}/${input.lease} ${JSON.stringify(input.outcome)}`),
    });
    claimLandings(state);
    await state.landing;
    const tip = remoteTip(world, "main");
    expect(calls).toEqual([
      "claim r1 25000",
      `intent j1/2 ${tip}`,
      `result j1/2 ${JSON.stringify({ kind: "landed", commit: tip })}`,
      "claim r1 25000",
    ]);
    expect(remoteTip(world, "maestro/T-1-1")).toBe("");
    expect(state.landing).toBeUndefined();
  });

  it("carries the job in its heartbeats while landing it and delivering its outcome, and only then", async () => {
    const job = pushedJob(3);
    const beats: unknown[] = [];
    let jobs = [job];
    const state = runnerWith({
      claimLanding: async () => {
        const next = jobs[0] ?? null;
        jobs = [];
        return next;
      },
      landingIntent: async () => await beatNow(state),
      landingResult: async () => await beatNow(state),
    });
    const heartbeat = { mutate: async (input: { landJobs?: unknown }) => (beats.push(input.landJobs), { stop: [] }) };
    Object.assign(state, { client: { runner: { heartbeat } } });
    await beatNow(state);
    claimLandings(state);
    await state.landing;
    await beatNow(state);
    expect(beats).toEqual([[], [{ jobId: "j1", lease: 3 }], [{ jobId: "j1", lease: 3 }], []]);
  });

  it("ends at once when the runner stops: its open claim is aborted, nothing is logged, nothing asked again", async () => {
    const state = runnerWith({
      claimLanding: (_input, options) =>
        new Promise((_resolve, reject) => {
          calls.push("claim");
          options?.signal?.addEventListener("abort", () => reject(new Error("This operation was aborted")));
        }),
    });
    claimLandings(state);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toEqual(["claim"]);
    const stopping = Date.now();
    state.stopped = Promise.resolve();
    state.landingAbort.abort();
    await state.landing;
    expect(Date.now() - stopping).toBeLessThan(500);
    expect(state.landing).toBeUndefined();
    claimLandings(state);
    expect(state.landing).toBeUndefined();
    expect(calls).toEqual(["claim"]);
    expect(lines).toEqual([]);
  });

  it("says it knows PR mode, and does an open_pr job without merging anything", async () => {
    const before = remoteTip(world, "main");
    const head = world.push("maestro/T-1-1", { "work.txt": "w\n" });
    const job: LandJob = {
      ...{ jobId: "j1", lease: 1, projectId: "p", taskId: "t1", taskKey: "T-1", taskTitle: "Do it" },
      ...{ repositoryUrl: world.remote, targetBranch: "main", branch: "maestro/T-1-1", head, strategy: "merge" },
      ...{ landingCommit: null, mode: "open_pr", prTitle: "T-1 Do it", prBody: "body" },
    };
    let jobs = [job];
    const outcomes: unknown[] = [];
    const state = runnerWith({
      claimLanding: async (input) => {
        calls.push(`claim ${(input.modes ?? []).join(",")}`);
        const next = jobs[0] ?? null;
        jobs = [];
        return next;
      },
      landingIntent: async () => void calls.push("intent"),
      landingResult: async (input) => void outcomes.push(input.outcome),
    });
    claimLandings(state);
    await state.landing;
    expect(calls).toEqual(["claim land,open_pr,check_pr", "claim land,open_pr,check_pr"]);
    // A path is no forge's repository: the PR is to be opened by hand, and the note says how.
    expect(outcomes).toEqual([{ kind: "pr_open", prUrl: null, note: expect.stringContaining("gh pr create") }]);
    expect(remoteTip(world, "main")).toBe(before);
    expect(remoteTip(world, "maestro/T-1-1")).toBe(head);
  });

  it("stays quiet and pauses when the server does not know runner.claimLanding", async () => {
    const state = runnerWith({
      claimLanding: async () => {
        calls.push("claim");
        throw notFound();
      },
    });
    claimLandings(state);
    await state.landing;
    claimLandings(state);
    await state.landing;
    expect(calls).toEqual(["claim"]);
    expect(lines).toEqual([]);
    claimLandings(state, Date.now() + UNKNOWN_PROCEDURE_PAUSE_MS + 1);
    await state.landing;
    expect(calls).toEqual(["claim", "claim"]);
  });

  it("reports any other failure once, like the session claims", async () => {
    const state = runnerWith({
      claimLanding: async () => {
        throw new Error("connection refused");
      },
    });
    for (let i = 0; i < 3; i++) {
      claimLandings(state);
      await state.landing;
    }
    expect(lines).toEqual(["runner: connection refused"]);
  });
});
