import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ReportDiffInput } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { diffPatch } from "../src/diff-report";
import { type SuperviseDeps, createSessionState } from "../src/held-session";
import type { LandingApi } from "../src/landing-api";
import type { LaunchedAgent } from "../src/launch";
import { addRemoteWorktree } from "../src/remote-worktree";
import { wrapUpWork } from "../src/wrap-up-work";
import { type RemoteWorld, createRemoteWorld, git, plantHooks, remoteTip } from "./remote-git";
import { shellClaim } from "./shell-claim";

// Issue 16 ("Runners anywhere"): after the agent succeeded, a remote project's branch is pushed
// (the server, a reviewer and a runner elsewhere only see what is on the remote) and its diff
// sent to the server, which cannot compute it.

const MOVED = Array.from({ length: 20 }, (_, i) => `line ${i} of a file that moves\n`).join("");
const BRANCH = "maestro/T-1-1";

let world: RemoteWorld;
let reported: ReportDiffInput[];

beforeEach(() => {
  world = createRemoteWorld({ "main.txt": "main\n", "move-me.txt": MOVED, "gone.txt": "bye\n" });
  reported = [];
});
afterEach(() => world.close());

/** A session of project "p" whose agent left its work uncommitted in a worktree cut from the remote's main. */
async function agentLeftWork(url = world.remote) {
  const worktree = await addRemoteWorktree(
    { home: world.home, projectId: "p", url: world.remote },
    { sessionId: "s1", branch: BRANCH, targetBranch: "main" },
  );
  writeFileSync(join(worktree.path, "main.txt"), "main\nchanged by the agent\n");
  writeFileSync(join(worktree.path, "new.txt"), "one\ntwo\n");
  renameSync(join(worktree.path, "move-me.txt"), join(worktree.path, "moved.txt"));
  rmSync(join(worktree.path, "gone.txt"));
  const landing = {
    ...{ repositoryUrl: url, targetBranch: "main", checks: [], worktreeSetup: null },
    ...{ taskTitle: "Do it", baseCommit: worktree.baseCommit, commandTimeoutSec: 60 },
  };
  const claim = shellClaim({ command: "true", rootDir: "/not/on/this/machine", landing });
  const api = { reportDiff: async (input: ReportDiffInput) => void reported.push(input) } as unknown as LandingApi;
  const deps = { log: () => {}, client: {}, launch: { home: world.home }, landing: api } as unknown as SuperviseDeps;
  const state = createSessionState(claim, deps);
  const agent = { worktreePath: worktree.path, branch: BRANCH, baseCommit: worktree.baseCommit } as LaunchedAgent;
  return { state, agent, worktree };
}

describe("wrapping up a remote project's session", () => {
  it("pushes the branch and reports its diff against the merge base with the target", async () => {
    const { state, agent, worktree } = await agentLeftWork();
    plantHooks(worktree.clone, world.hookLog);
    // The target moves on meanwhile: the diff is still the branch's own work.
    world.push("main", { "other.txt": "someone else's\n" });
    const { work, error } = await wrapUpWork(state, agent);
    expect(error).toBeUndefined();
    const head = git(worktree.path, "rev-parse", "HEAD");
    expect(work).toMatchObject({ headCommit: head, checks: "none" });
    expect(remoteTip(world, BRANCH)).toBe(head);
    expect(work?.changedFiles?.sort()).toEqual(["gone.txt", "main.txt", "move-me.txt", "moved.txt", "new.txt"]);
    expect(reported).toHaveLength(1);
    const [diff] = reported;
    expect(diff).toMatchObject({ sessionId: state.ids.sessionId, lease: 1, base: worktree.baseCommit, head });
    expect(diff!.files).toEqual([
      { path: "gone.txt", oldPath: null, status: "deleted", additions: 0, deletions: 1, isBinary: false },
      { path: "main.txt", oldPath: null, status: "modified", additions: 1, deletions: 0, isBinary: false },
      { path: "moved.txt", oldPath: "move-me.txt", status: "renamed", additions: 0, deletions: 0, isBinary: false },
      { path: "new.txt", oldPath: null, status: "added", additions: 2, deletions: 0, isBinary: false },
    ]);
    expect(diff!.patch).toContain("+changed by the agent\n");
    expect(diff!.patch).toContain("rename from move-me.txt\nrename to moved.txt\n");
    expect(diff!.patch).not.toContain("someone else's");
    expect(diff!.isTruncated).toBe(false);
    expect(existsSync(worktree.path)).toBe(true);
    expect(existsSync(world.hookLog)).toBe(false);
  });

  it("fails the session naming the push and git's reason when the remote cannot be reached", async () => {
    const { state, agent } = await agentLeftWork(join("/nonexistent", "remote.git"));
    const { work, error } = await wrapUpWork(state, agent);
    expect(work).toBeUndefined();
    expect(error).toMatch(
      /git push of maestro\/T-1-1 to \/nonexistent\/remote\.git failed: .*does not appear to be a git repository/,
    );
    expect(reported).toEqual([]);
  });
});

describe("the reported patch", () => {
  it("is cut at a line end within the limit, and says so", async () => {
    const { state, agent, worktree } = await agentLeftWork();
    const { work } = await wrapUpWork(state, agent);
    const range = { base: worktree.baseCommit!, head: work!.headCommit! };
    const whole = await diffPatch(worktree.path, range);
    const cut = await diffPatch(worktree.path, { ...range, maxBytes: 200 });
    expect(cut.isTruncated).toBe(true);
    expect(Buffer.byteLength(cut.patch)).toBeLessThanOrEqual(200);
    expect(cut.patch.endsWith("\n")).toBe(true);
    expect(whole.patch.startsWith(cut.patch)).toBe(true);
    expect(whole.isTruncated).toBe(false);
  });
});
