import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LandJob } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanUpLanded } from "../src/land-cleanup";
import { MAX_RACES, landOnRemote } from "../src/land-on-remote";
import { openClone } from "../src/remote-repo";
import { addRemoteWorktree } from "../src/remote-worktree";
import { type RemoteWorld, createRemoteWorld, git, plantHooks, remoteTip } from "./remote-git";

// Issue 16 ("Runners anywhere"): the server cannot run git on a remote project, so a runner
// lands its tasks: merge-tree and commit-tree in its own clone, the commit recorded (intent)
// before a push that only succeeds on the tip it merged onto.

const BRANCH = "maestro/T-1-1";
let world: RemoteWorld;
let events: string[];

beforeEach(() => {
  world = createRemoteWorld({ "main.txt": "main\n", "shared.txt": "one\ntwo\nthree\n" });
  events = [];
});
afterEach(() => world.close());

function jobFor(head: string, overrides: Partial<LandJob> = {}): LandJob {
  return {
    ...{ jobId: "j1", lease: 1, projectId: "p", taskId: "t1", taskKey: "T-1", taskTitle: "Do it" },
    ...{ repositoryUrl: world.remote, targetBranch: "main", branch: BRANCH, head, strategy: "merge" },
    landingCommit: null,
    ...overrides,
  };
}

/** Lands `job`, noting each intent with where the remote's main was when it was reported. */
function land(job: LandJob, onIntent: (commit: string) => void = () => {}) {
  return landOnRemote(job, {
    home: world.home,
    reportIntent: async (commit) => {
      events.push(`intent ${commit} while main is ${remoteTip(world, "main")}`);
      onIntent(commit);
    },
  });
}

const subjects = (ref: string) => git(world.remote, "log", "--format=%s", ref).split("\n");

describe("landing on the remote", () => {
  it("merges the branch onto the target with a merge commit, the intent reported before the push", async () => {
    const before = remoteTip(world, "main");
    const head = world.push(BRANCH, { "work.txt": "the task's work\n" });
    const outcome = await land(jobFor(head));
    const tip = remoteTip(world, "main");
    expect(outcome).toEqual({ kind: "landed", commit: tip });
    expect(git(world.remote, "rev-parse", `${tip}^1`, `${tip}^2`)).toBe(`${before}\n${head}`);
    expect(git(world.remote, "log", "-1", "--format=%B", tip)).toBe(
      "T-1: Do it\n\nMerge branch maestro/T-1-1 into main (Maestro).",
    );
    expect(events).toEqual([`intent ${tip} while main is ${before}`]);
  });

  it("squashes the branch into one commit on the target's tip", async () => {
    world.push(BRANCH, { "a.txt": "a\n" });
    const head = world.push(BRANCH, { "b.txt": "b\n" });
    const outcome = await land(jobFor(head, { strategy: "squash" }));
    const tip = remoteTip(world, "main");
    expect(outcome).toEqual({ kind: "landed", commit: tip });
    expect(subjects("main")).toEqual(["T-1: Do it", "main"]);
    expect(git(world.remote, "show", "--format=", "--name-only", tip).split("\n").sort()).toEqual(["a.txt", "b.txt"]);
  });

  it("reports the conflicting files and pushes nothing", async () => {
    const head = world.push(BRANCH, { "shared.txt": "one\nTWO on the branch\nthree\n" });
    const before = world.push("main", { "shared.txt": "one\nTWO on main\nthree\n" });
    expect(await land(jobFor(head))).toEqual({ kind: "conflict", files: ["shared.txt"] });
    expect(remoteTip(world, "main")).toBe(before);
    expect(events).toEqual([]);
  });

  it("merges again when someone pushes to the target between its fetch and its push, and lands both", async () => {
    const head = world.push(BRANCH, { "work.txt": "the task's work\n" });
    let theirs = "";
    const outcome = await land(jobFor(head), () => {
      if (!theirs) theirs = world.push("main", { "theirs.txt": "pushed meanwhile\n" }, "someone else");
    });
    const tip = remoteTip(world, "main");
    expect(outcome).toEqual({ kind: "landed", commit: tip });
    expect(events).toHaveLength(2);
    expect(git(world.remote, "rev-parse", `${tip}^1`)).toBe(theirs);
    expect(git(world.remote, "show", `${tip}:work.txt`)).toBe("the task's work");
    expect(git(world.remote, "show", `${tip}:theirs.txt`)).toBe("pushed meanwhile");
  });

  it("waits, saying so, when the target keeps moving", async () => {
    const head = world.push(BRANCH, { "work.txt": "w\n" });
    let n = 0;
    const outcome = await land(jobFor(head), () => world.push("main", { [`race-${n++}.txt`]: "x\n" }));
    expect(outcome).toEqual({ kind: "waiting", note: "main kept moving while landing; it is tried again" });
    expect(n).toBe(MAX_RACES);
  }, 60_000);

  it("is landed without a new commit when the target already holds the commit an earlier attempt pushed", async () => {
    const head = world.push(BRANCH, { "work.txt": "w\n" });
    const earlier = await land(jobFor(head));
    const tip = remoteTip(world, "main");
    world.push("main", { "after.txt": "someone pushed after that landing\n" });
    events = [];
    const again = await land(jobFor(head, { landingCommit: tip }));
    expect(earlier).toEqual({ kind: "landed", commit: tip });
    expect(again).toEqual({ kind: "landed", commit: tip });
    expect(events).toEqual([]);
    expect(subjects("main")).toHaveLength(4);
  });

  it("is landed at the tip when the target already holds the work", async () => {
    const head = world.push(BRANCH, { "work.txt": "w\n" });
    git(world.developer, "push", "-q", world.remote, `${head}:refs/heads/main`);
    expect(await land(jobFor(head))).toEqual({ kind: "landed", commit: head });
    expect(events).toEqual([]);
  });

  it("waits with git's reason when the remote cannot be reached", async () => {
    const outcome = await land(jobFor("a".repeat(40), { repositoryUrl: join(world.dir, "missing.git") }));
    expect(outcome.kind).toBe("waiting");
    expect(outcome.kind === "waiting" && outcome.note).toMatch(
      /^could not land on main: could not fetch from .*missing\.git: .*does not appear to be a git repository/,
    );
  });

  it("waits naming the branch when the task's branch is gone from the remote", async () => {
    const outcome = await land(jobFor("b".repeat(40)));
    expect(outcome.kind).toBe("waiting");
    expect(outcome.kind === "waiting" && outcome.note).toMatch(
      /^could not fetch from .*remote\.git: couldn't find remote ref refs\/heads\/maestro\/T-1-1$/,
    );
    expect(events).toEqual([]);
  });

  it("never runs the hooks of the runner's clone", async () => {
    plantHooks(await openClone(world.home, "p"), world.hookLog);
    const head = world.push(BRANCH, { "work.txt": "w\n" });
    expect((await land(jobFor(head))).kind).toBe("landed");
    expect(existsSync(world.hookLog)).toBe(false);
  });
});

describe("after landing", () => {
  it("deletes the remote branch and this runner's clean worktree of it, and keeps one with uncommitted work", async () => {
    const source = { home: world.home, projectId: "p", url: world.remote };
    const clean = await addRemoteWorktree(source, { sessionId: "s1", branch: BRANCH, targetBranch: "main" });
    const dirty = await addRemoteWorktree(source, { sessionId: "s2", branch: "maestro/T-2-1", targetBranch: "main" });
    writeFileSync(join(clean.path, "work.txt"), "w\n");
    git(clean.path, "add", "work.txt");
    git(clean.path, "commit", "-q", "-m", "work");
    const head = git(clean.path, "rev-parse", "HEAD");
    git(clean.path, "push", "-q", world.remote, `${BRANCH}:refs/heads/${BRANCH}`);
    const outcome = await land(jobFor(head));
    if (outcome.kind !== "landed") throw new Error(`did not land: ${JSON.stringify(outcome)}`);
    expect(await cleanUpLanded(jobFor(head), { home: world.home, landed: outcome.commit })).toEqual([]);
    expect(remoteTip(world, BRANCH)).toBe("");
    expect(existsSync(clean.path)).toBe(false);
    expect(git(clean.clone, "branch", "--list", BRANCH)).toBe("");
    // Another task's worktree, with work not committed: a landing of T-2 would keep it.
    writeFileSync(join(dirty.path, "draft.txt"), "not committed\n");
    const otherHead = world.push("maestro/T-2-1", { "t2.txt": "t2\n" });
    const job2 = jobFor(otherHead, { branch: "maestro/T-2-1", taskKey: "T-2" });
    const landed2 = await land(job2);
    if (landed2.kind !== "landed") throw new Error("T-2 did not land");
    await cleanUpLanded(job2, { home: world.home, landed: landed2.commit });
    expect(existsSync(join(dirty.path, "draft.txt"))).toBe(true);
  });
});
