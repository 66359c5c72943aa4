import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshDatabaseUrl } from "./engine";
import { ownerClient } from "./live-server";
import {
  finishInWorktree,
  git,
  makeLanderPool,
  makeRepo,
  startLandingProject,
  waitFor,
  workInWorktree,
  writeFiles,
} from "./lander-world";

const pool = makeLanderPool();

async function world(options: { home?: string; databaseUrl?: string } = {}) {
  const repo = makeRepo();
  const { server, client, project } = await startLandingProject(pool, {
    repo,
    name: "Trees",
    settings: { landPolicy: "manual" },
    server: options,
  });
  const newTask = (title: string) => client.task.create.mutate({ projectId: project.id, title });
  return { repo, server, client, project, newTask };
}

describe("worktrees", () => {
  it("turning worktrees on makes the checked-out branch the target unless one is set", async () => {
    const repo = makeRepo();
    git(repo, ["checkout", "-q", "-b", "trunk"]);
    const client = ownerClient(await pool.start());
    const project = await client.project.create.mutate({ name: "P", key: "PONE", rootDir: repo });
    expect(project.settings.targetBranch).toBeNull();
    const on = await client.project.update.mutate({ id: project.id, settings: { worktreeMode: "per_task" } });
    expect(on.settings.targetBranch).toBe("trunk");
    const other = await client.project.create.mutate({
      name: "Q",
      key: "PTWO",
      rootDir: repo,
      settings: { worktreeMode: "per_task", targetBranch: "release" },
    });
    expect(other.settings.targetBranch).toBe("release");
  });

  it("lists what each worktree holds, and prune removes only what would lose nothing (all with force)", async () => {
    const { repo, server, client, project, newTask } = await world();
    const unlanded = workInWorktree(repo, "maestro/LAND-1-1", { "a.txt": "a\n" });
    await finishInWorktree(server, await newTask("unlanded"), unlanded, { reviewState: "pending" });
    const merged = workInWorktree(repo, "maestro/LAND-2-1", { "b.txt": "b\n" });
    await finishInWorktree(server, await newTask("merged by hand"), merged, { reviewState: "pending" });
    git(repo, ["merge", "-q", "--no-edit", "maestro/LAND-2-1"]);
    const dirty = workInWorktree(repo, "maestro/LAND-3-1", {}, "main");
    await finishInWorktree(server, await newTask("dirty"), dirty, { reviewState: "pending" });
    writeFiles(dirty.path, { "draft.txt": "not committed\n" });

    const { items: list } = await client.worktree.list.query({ projectId: project.id });
    const byBranch = new Map(list.map((info) => [info.branch, info]));
    expect(byBranch.get("maestro/LAND-1-1")).toMatchObject({
      path: unlanded.path,
      taskKey: "LAND-1",
      commitsNotLanded: 1,
      dirtyFiles: [],
      isPrunable: false,
      reason: "1 commit(s) on maestro/LAND-1-1 not landed",
    });
    expect(byBranch.get("maestro/LAND-2-1")).toMatchObject({
      taskKey: "LAND-2",
      commitsNotLanded: 0,
      isPrunable: true,
    });
    expect(byBranch.get("maestro/LAND-3-1")).toMatchObject({ dirtyFiles: ["draft.txt"], isPrunable: false });
    expect(byBranch.get("maestro/LAND-1-1")!.sizeBytes).toBeGreaterThan(0);

    const dryRun = await client.worktree.prune.mutate({ projectId: project.id, dryRun: true });
    expect(dryRun).toMatchObject({ isDryRun: true, removed: [merged.path] });
    expect(existsSync(merged.path)).toBe(true);
    const pruned = await client.worktree.prune.mutate({ projectId: project.id });
    expect(pruned.removed).toEqual([merged.path]);
    expect(pruned.kept.map((kept) => kept.path).sort()).toEqual([unlanded.path, dirty.path].sort());
    expect(existsSync(merged.path)).toBe(false);
    expect(existsSync(unlanded.path) && existsSync(join(dirty.path, "draft.txt"))).toBe(true);
    expect(git(repo, ["branch", "--list", "maestro/*"]).replace(/[*+ ]/g, "").split("\n").sort()).toEqual([
      "maestro/LAND-1-1",
      "maestro/LAND-3-1",
    ]);
    const forced = await client.worktree.prune.mutate({ projectId: project.id, force: true });
    expect(forced.removed.sort()).toEqual([unlanded.path, dirty.path].sort());
    expect(git(repo, ["branch", "--list", "maestro/*"])).toBe("");
  });

  it("regression: removing the last worktree keeps .git/worktrees, so the runner's next worktree add cannot fail", async () => {
    // git deleted the emptied folder, and a `git worktree add` at that moment died with "could
    // not create directory of '.git/worktrees/…'" (L1 hit it about once in 200 landings).
    const { repo, server, client, newTask } = await world();
    const empty = workInWorktree(repo, "maestro/LAND-1-1", {}, "main");
    const task = await finishInWorktree(server, await newTask("nothing done"), empty, { reviewState: "pending" });
    await client.task.update.mutate({ id: task.id, status: "cancelled" });
    await waitFor(
      () => existsSync(empty.path),
      (exists) => !exists,
    );
    git(repo, ["worktree", "prune"]);
    expect(existsSync(join(repo, ".git", "worktrees"))).toBe(true);
    expect(git(repo, ["worktree", "list", "--porcelain"]).match(/^worktree /gm)).toHaveLength(1);
  });

  it("a cancelled task's worktree goes unless it holds work that did not land", async () => {
    const { repo, server, client, newTask } = await world();
    const empty = workInWorktree(repo, "maestro/LAND-1-1", {}, "main");
    const emptyTask = await finishInWorktree(server, await newTask("nothing done"), empty, { reviewState: "pending" });
    const busy = workInWorktree(repo, "maestro/LAND-2-1", { "a.txt": "a\n" });
    const busyTask = await finishInWorktree(server, await newTask("work done"), busy, { reviewState: "pending" });
    await client.task.update.mutate({ id: emptyTask.id, status: "cancelled" });
    await client.task.update.mutate({ id: busyTask.id, status: "cancelled" });
    await waitFor(
      () => existsSync(empty.path),
      (exists) => !exists,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(existsSync(join(busy.path, "a.txt"))).toBe(true);
    expect(git(repo, ["rev-parse", "maestro/LAND-2-1"])).toBe(busy.head);
  });

  it("at start-up git forgets worktrees whose folder is gone, and sessions forget what cannot be reopened", async () => {
    // Restarted on the same database: the home's SQLite file, or one PostgreSQL database for both.
    const databaseUrl = await freshDatabaseUrl();
    const where = { home: pool.home(), ...(databaseUrl ? { databaseUrl } : {}) };
    const first = await world(where);
    const gone = workInWorktree(first.repo, "maestro/LAND-1-1", {}, "main");
    const task = await finishInWorktree(first.server, await first.newTask("gone"), gone, { reviewState: "pending" });
    await first.server.close();
    rmSync(gone.path, { recursive: true, force: true });
    git(first.repo, ["worktree", "prune"]);
    git(first.repo, ["branch", "-D", "maestro/LAND-1-1"]);
    const stale = workInWorktree(first.repo, "maestro/LAND-9-1", {}, "main");
    rmSync(stale.path, { recursive: true, force: true });
    expect(git(first.repo, ["worktree", "list"])).toContain(stale.path);

    const server = await pool.start(where);
    await waitFor(
      () => git(first.repo, ["worktree", "list"]),
      (list) => !list.includes(stale.path),
    );
    const client = ownerClient(server);
    const [session] = await waitFor(
      async () => (await client.session.list.query({ taskId: task.id })).items,
      (sessions) => sessions[0]?.worktreePath === null,
    );
    expect(session!.branch).toBeNull();
  });
});
