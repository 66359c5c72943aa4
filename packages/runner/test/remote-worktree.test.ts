import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { launchAgent } from "../src/launch";
import { clonePathOf, openClone } from "../src/remote-repo";
import { addRemoteWorktree, reopenRemoteWorktree } from "../src/remote-worktree";
import { discardFreshWorktree } from "../src/session-worktree";
import { shellClaim } from "./shell-claim";
import { type RemoteWorld, createRemoteWorld, git, plantHooks, remoteTip } from "./remote-git";

// Issue 16 ("Runners anywhere"): a project whose repository is elsewhere. The runner keeps its
// own bare clone under its home and cuts each worktree from the remote's target, fetched now.

let world: RemoteWorld;
const source = () => ({ home: world.home, projectId: "p", url: world.remote });

beforeEach(() => {
  world = createRemoteWorld();
});
afterEach(() => world.close());

describe("a worktree of a remote project", () => {
  it("is cut from the remote target's tip on a fresh runner home, in the runner's own clone", async () => {
    const tip = world.push("main", { "newer.txt": "pushed after the clone was made\n" });
    const worktree = await addRemoteWorktree(source(), {
      sessionId: "s1",
      branch: "maestro/T-1-1",
      targetBranch: "main",
    });
    expect(worktree).toMatchObject({ path: join(world.home, "worktrees", "s1"), baseCommit: tip });
    expect(worktree.clone).toBe(clonePathOf(world.home, "p"));
    expect(git(worktree.path, "rev-parse", "HEAD")).toBe(tip);
    expect(git(worktree.path, "branch", "--show-current")).toBe("maestro/T-1-1");
    expect(readFileSync(join(worktree.path, "newer.txt"), "utf8")).toBe("pushed after the clone was made\n");
    // git keeps worktrees/ only while a worktree is in it; the locked entry keeps it for the next add.
    expect(existsSync(join(worktree.clone, "worktrees", "maestro-keep", "locked"))).toBe(true);
  });

  it("fetches again for the next session: a later target tip is where the next branch starts", async () => {
    await addRemoteWorktree(source(), { sessionId: "s1", branch: "maestro/T-1-1", targetBranch: "main" });
    const later = world.push("main", { "later.txt": "x\n" });
    const second = await addRemoteWorktree(source(), {
      sessionId: "s2",
      branch: "maestro/T-2-1",
      targetBranch: "main",
    });
    expect(second.baseCommit).toBe(later);
  });

  it("never runs the clone's hooks, and ignores what was written into the clone's config", async () => {
    const clone = await openClone(world.home, "p");
    plantHooks(clone, world.hookLog);
    // Written by an agent in a worktree (the common git dir): would send the fetch nowhere.
    writeFileSync(join(clone, "config"), `[url "/nonexistent/"]\n\tinsteadOf = ${world.remote}\n`, { flag: "a" });
    const worktree = await addRemoteWorktree(source(), {
      sessionId: "s1",
      branch: "maestro/T-1-1",
      targetBranch: "main",
    });
    expect(git(worktree.path, "rev-parse", "HEAD")).toBe(remoteTip(world, "main"));
    expect(existsSync(world.hookLog)).toBe(false);
  });

  it("names the remote's reason when the target cannot be fetched", async () => {
    const unreachable = { ...source(), url: join(world.dir, "missing.git") };
    await expect(
      addRemoteWorktree(unreachable, { sessionId: "s1", branch: "maestro/T-1-1", targetBranch: "main" }),
    ).rejects.toThrow(/could not fetch from .*missing\.git: .*does not appear to be a git repository/);
  });

  it("is added again on another runner from the branch the earlier session pushed", async () => {
    const head = world.push("maestro/T-1-1", { "work.txt": "earlier session\n" });
    const elsewhere = { path: "/home/somebody-else/.maestro/worktrees/s1", branch: "maestro/T-1-1", baseCommit: null };
    const { worktree, isReadded } = await reopenRemoteWorktree(source(), { worktree: elsewhere, sessionId: "s2" });
    expect(isReadded).toBe(true);
    expect(worktree.path).toBe(join(world.home, "worktrees", "s2"));
    expect(git(worktree.path, "rev-parse", "HEAD")).toBe(head);
    expect(git(worktree.path, "branch", "--show-current")).toBe("maestro/T-1-1");
  });

  it("is re-added at its own path when its folder was deleted, with the branch as the remote has it now", async () => {
    const first = await addRemoteWorktree(source(), { sessionId: "s1", branch: "maestro/T-1-1", targetBranch: "main" });
    git(first.clone, "worktree", "remove", "--force", first.path);
    const moved = world.push("maestro/T-1-1", { "more.txt": "pushed by a runner elsewhere\n" });
    const { worktree } = await reopenRemoteWorktree(source(), { worktree: first, sessionId: "s2" });
    expect(worktree.path).toBe(first.path);
    expect(git(worktree.path, "rev-parse", "HEAD")).toBe(moved);
  });

  it("is where the agent runs, with no project directory on this machine", async () => {
    const out = join(world.dir, "seen.txt");
    const landing = { repositoryUrl: world.remote, targetBranch: "main", baseCommit: null };
    const claim = shellClaim({ command: `git rev-parse HEAD > ${out}; pwd >> ${out}`, rootDir: "/not/here", landing });
    const agent = await launchAgent(claim, {
      home: world.home,
      binDir: world.home,
      source: { PATH: process.env.PATH },
    });
    await new Promise((resolve) => agent.child.once("close", resolve));
    const path = join(world.home, "worktrees", claim.session.id);
    expect(agent).toMatchObject({ worktreePath: path, branch: "maestro/T-1-1", baseCommit: remoteTip(world, "main") });
    expect(readFileSync(out, "utf8")).toBe(`${remoteTip(world, "main")}\n${path}\n`);
  });

  it("is removed from the clone when its session never ran", async () => {
    const claim = shellClaim({
      command: "true",
      rootDir: "/nowhere/on/this/machine",
      landing: { repositoryUrl: world.remote, targetBranch: "main" },
    });
    const worktree = await addRemoteWorktree(source(), {
      sessionId: claim.session.id,
      branch: "maestro/T-1-1",
      targetBranch: "main",
    });
    await discardFreshWorktree(claim, world.home, worktree);
    expect(existsSync(worktree.path)).toBe(false);
    expect(git(worktree.clone, "branch", "--list", "maestro/T-1-1")).toBe("");
  });
});
