import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeServerPool } from "./live-server";
import {
  finishInWorktree,
  git,
  makeRepo,
  removeTempDirs,
  startLandingProject,
  tempDir,
  waitFor,
  waitForCleanup,
  workInWorktree,
} from "./lander-world";

const FAKE_GH_DIR = fileURLToPath(new URL("./fixtures/fake-gh", import.meta.url));
const pool = makeServerPool();
const saved = { PATH: process.env.PATH, GH_CONFIG_DIR: process.env.GH_CONFIG_DIR };
let ghState = "";

beforeEach(() => {
  ghState = tempDir("gh");
  process.env.PATH = `${FAKE_GH_DIR}:${saved.PATH}`;
  process.env.GH_CONFIG_DIR = ghState;
});
afterEach(async () => {
  await pool.cleanup();
  removeTempDirs();
  process.env.PATH = saved.PATH;
  if (saved.GH_CONFIG_DIR === undefined) delete process.env.GH_CONFIG_DIR;
  else process.env.GH_CONFIG_DIR = saved.GH_CONFIG_DIR;
});

/** A project in PR mode whose `origin` is a local bare repository. */
async function prWorld() {
  const repo = makeRepo();
  const remote = join(tempDir("remote"), "app.git");
  git(repo, ["init", "-q", "--bare", "-b", "main", remote]);
  git(repo, ["remote", "add", "origin", remote]);
  git(repo, ["push", "-q", "origin", "main"]);
  const { server, client, project } = await startLandingProject(pool, {
    repo,
    name: "PR",
    settings: { landPolicy: "pr" },
    server: { landing: { pollMs: 50, prPollMs: 50 } },
  });
  const task = await client.task.create.mutate({
    projectId: project.id,
    title: "Add a.txt",
    description: "Write the letter a.",
    acceptanceCriteria: ["a.txt holds a"],
  });
  const work = workInWorktree(repo, "maestro/LAND-1-1", { "a.txt": "a\n" });
  return { repo, remote, server, client, task, work };
}

/** What a person merging the PR on the forge does: a merge commit on the remote's main. */
function mergeOnRemote(remote: string, branch: string): string {
  const clone = join(tempDir("clone"), "app");
  git(remote, ["clone", "-q", remote, clone]);
  git(clone, ["merge", "-q", "--no-ff", "-m", "Merge pull request #7", `origin/${branch}`]);
  git(clone, ["push", "-q", "origin", "main"]);
  return git(clone, ["rev-parse", "HEAD"]);
}

describe("PR mode", () => {
  it("pushes the branch, opens the PR with gh, records its URL, and lands once gh says merged", async () => {
    const { repo, remote, server, client, task, work } = await prWorld();
    await finishInWorktree(server, task, work);
    const open = await waitFor(
      () => client.task.byId.query({ id: task.id }),
      (t) => t.landing.landState === "pr_open",
    );
    expect(open.landing.prUrl).toBe("https://github.example/acme/app/pull/7");
    expect(open.status).toBe("in_review");
    expect(git(remote, ["rev-parse", "refs/heads/maestro/LAND-1-1"])).toBe(work.head);
    const args = readFileSync(join(ghState, "create.args"), "utf8");
    expect(args).toContain("--base\nmain\n--head\nmaestro/LAND-1-1\n--title\nLAND-1 Add a.txt\n--body\n");
    expect(args).toContain("Write the letter a.");
    expect(args).toContain("- a.txt holds a");

    const merge = mergeOnRemote(remote, "maestro/LAND-1-1");
    writeFileSync(join(ghState, "pr-state.json"), JSON.stringify({ state: "MERGED", mergeCommit: { oid: merge } }));
    const done = await waitFor(
      () => client.task.byId.query({ id: task.id }),
      (t) => t.status === "done",
    );
    expect(done.landing).toMatchObject({ landState: "landed", landedCommit: merge });
    expect(git(repo, ["rev-parse", "main"])).toBe(merge);
    expect(readFileSync(join(repo, "a.txt"), "utf8")).toBe("a\n");
    await waitForCleanup(repo, work.path);
  });

  it("without a logged-in gh pushes only and says how to open the PR", async () => {
    writeFileSync(join(ghState, "logged-out"), "");
    const { remote, server, client, task, work } = await prWorld();
    await finishInWorktree(server, task, work);
    const open = await waitFor(
      () => client.task.byId.query({ id: task.id }),
      (t) => t.landing.landState === "pr_open",
    );
    expect(open.landing.prUrl).toBeNull();
    expect(open.landing.note).toMatch(
      /pushed maestro\/LAND-1-1 to origin; .*gh pr create --base main --head maestro\/LAND-1-1/,
    );
    expect(git(remote, ["rev-parse", "refs/heads/maestro/LAND-1-1"])).toBe(work.head);
    expect(existsSync(join(ghState, "create.args"))).toBe(false);
    await expect(client.task.land.mutate({ id: task.id })).rejects.toThrow(/pull request .* is not merged yet/);
    const merge = mergeOnRemote(remote, "maestro/LAND-1-1");
    const landed = await client.task.land.mutate({ id: task.id });
    expect(landed).toMatchObject({ status: "done", landing: { landState: "landed", landedCommit: merge } });
  });
});
