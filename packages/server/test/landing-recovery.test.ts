import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openPgStore, openSqliteStore } from "@maestro/db";
import { CreateProjectInput, CreateTaskInput } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { EventBus } from "../src/events";
import { createProject } from "../src/services/project/create-project";
import { createTask } from "../src/services/task/create-task";
import { freshDatabaseUrl } from "./engine";
import { ownerClient } from "./live-server";
import {
  finishInWorktree,
  git,
  makeLanderPool,
  makeRepo,
  serverContext,
  waitFor,
  workInWorktree,
} from "./lander-world";

const pool = makeLanderPool();

/**
 * What a server killed mid-landing leaves: the task `landing` with the commit it was about to write
 * (in the home's SQLite file, or in a fresh PostgreSQL database on the postgres project: `databaseUrl`).
 */
async function leftLanding(home: string, repo: string, landingCommit: (work: { head: string }) => string) {
  const databaseUrl = await freshDatabaseUrl();
  const database = databaseUrl
    ? await openPgStore({ url: databaseUrl, maxConnections: 2 })
    : openSqliteStore({ path: join(home, "maestro.db") });
  const world = { database, events: new EventBus() };
  const ctx = serverContext(world);
  const settings = { worktreeMode: "per_task", landPolicy: "auto" } as const;
  const project = await createProject({
    ctx,
    input: CreateProjectInput.parse({ name: "R", key: "LAND", rootDir: repo, settings }),
  });
  const task = await createTask({ ctx, input: CreateTaskInput.parse({ projectId: project.id, title: "Add a.txt" }) });
  const work = workInWorktree(repo, "maestro/LAND-1-1", { "a.txt": "a\n" });
  const commit = landingCommit(work);
  await finishInWorktree(world, task, work, { landState: "landing", landingCommit: commit });
  await database.close();
  return { task, commit, server: { home, ...(databaseUrl ? { databaseUrl } : {}) } };
}

function mergeCommit(repo: string, head: string): string {
  const tree = git(repo, ["merge-tree", "--write-tree", "main", head]);
  return git(repo, ["commit-tree", tree, "-p", "main", "-p", head, "-m", "LAND-1: Add a.txt"]);
}

describe("start-up recovery of a landing a crash interrupted", () => {
  it("takes the ref's word when it holds the recorded commit, and brings the stale checkout along", async () => {
    const home = pool.home();
    const repo = makeRepo();
    const { task, commit, server: where } = await leftLanding(home, repo, (work) => {
      const merged = mergeCommit(repo, work.head);
      // The ref moved; the server died before the checkout followed and before the task said landed.
      git(repo, ["update-ref", "refs/heads/main", merged]);
      return merged;
    });
    const server = await pool.start(where);
    const client = ownerClient(server);
    const done = await waitFor(
      () => client.task.byId.query({ id: task.id }),
      (t) => t.status === "done",
    );
    expect(done.landing).toMatchObject({ landState: "landed", landedCommit: commit, landingCommit: null });
    expect(git(repo, ["rev-parse", "main"])).toBe(commit);
    expect(git(repo, ["status", "--porcelain"])).toBe("");
    expect(readFileSync(join(repo, "a.txt"), "utf8")).toBe("a\n");
  });

  it("queues the task again when the ref does not hold it, and lands it once", async () => {
    const home = pool.home();
    const repo = makeRepo();
    const { task, commit, server: where } = await leftLanding(home, repo, (work) => mergeCommit(repo, work.head));
    const server = await pool.start(where);
    const client = ownerClient(server);
    const done = await waitFor(
      () => client.task.byId.query({ id: task.id }),
      (t) => t.status === "done",
    );
    expect(done.landing.landState).toBe("landed");
    expect(git(repo, ["rev-list", "--count", "--merges", "main"])).toBe("1");
    expect(git(repo, ["show", "main:a.txt"])).toBe("a");
    expect(done.landing.landedCommit).toBe(git(repo, ["rev-parse", "main"]));
    expect(done.landing.landedCommit, "the abandoned commit was never written").not.toBe(commit);
  });
});
