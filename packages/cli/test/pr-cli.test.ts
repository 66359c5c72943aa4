import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TaskLanding } from "@maestro/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LandingWorld, startLandingWorld } from "./landing-world";
import { until } from "./live";

// PR mode from the command line, against a local bare repository as `origin` and the server
// tests' stand-in for GitHub's CLI (it prints a PR URL, and reports MERGED once a test says so).
const FAKE_GH_DIR = fileURLToPath(new URL("../../server/test/fixtures/fake-gh", import.meta.url));
const PR_URL = "https://github.example/acme/app/pull/7";
const saved = { PATH: process.env.PATH, GH_CONFIG_DIR: process.env.GH_CONFIG_DIR };
let world: LandingWorld;
let ghState: string;
let remote: string;

beforeAll(async () => {
  ghState = mkdtempSync(join(tmpdir(), "maestro-cli-gh-"));
  process.env.PATH = `${FAKE_GH_DIR}:${saved.PATH}`;
  process.env.GH_CONFIG_DIR = ghState;
  // Only `task land` asks about the open PR here (the lander's own poll would race it).
  world = await startLandingWorld({ withRunner: true, landing: { prPollMs: 3_600_000 } });
  world.repo.commit("start", { "README.md": "# app\n" });
  remote = join(ghState, "app.git");
  world.repo.git("init", "-q", "--bare", "-b", "main", remote);
  world.repo.git("remote", "add", "origin", remote);
  world.repo.git("push", "-q", "origin", "main");
  await world.createWorktreeProject("Pulls", "PR", "--land", "pr");
}, 30_000);
afterAll(async () => {
  await world.close();
  process.env.PATH = saved.PATH;
  if (saved.GH_CONFIG_DIR === undefined) delete process.env.GH_CONFIG_DIR;
  else process.env.GH_CONFIG_DIR = saved.GH_CONFIG_DIR;
  rmSync(ghState, { recursive: true, force: true });
});

describe("PR mode from the command line", () => {
  it("task show has the PR; task land says it is not merged, then lands it once it is", async () => {
    await world.json("task", "create", "Add a.txt", "--project", "PR", "--command", "echo a > a.txt");
    await world.ended((await world.json<{ id: string }>("task", "run", "PR-1", "--agent", "shell")).id);
    await until(
      "PR-1's pull request",
      async () => {
        const view = await world.json<{ landing: TaskLanding }>("task", "show", "PR-1");
        return view.landing.landState === "pr_open" ? true : undefined;
      },
      20_000,
    );
    const shown = await world.maestro(["task", "show", "PR-1"]);
    expect(shown.stdout).toMatch(/land\s+pr_open\n/);
    expect(shown.stdout).toContain(`pull request  ${PR_URL}`);
    expect(await world.maestro(["task", "land", "PR-1"])).toEqual({
      code: 1,
      stdout: "",
      stderr: `error: PR-1's pull request ${PR_URL} is not merged yet`,
    });

    // A person merges the pull request on the forge.
    const clone = join(ghState, "clone");
    world.repo.git("clone", "-q", remote, clone);
    const inClone = (...args: string[]) => world.repo.git("-C", clone, ...args);
    inClone("merge", "-q", "--no-ff", "-m", "Merge pull request #7", "origin/maestro/PR-1-1");
    inClone("push", "-q", "origin", "main");
    const merge = inClone("rev-parse", "HEAD");
    writeFileSync(join(ghState, "pr-state.json"), JSON.stringify({ state: "MERGED", mergeCommit: { oid: merge } }));

    expect(await world.maestro(["task", "land", "PR-1"])).toEqual({
      code: 0,
      stdout: `✓ Landed PR-1 as ${merge.slice(0, 7)}`,
      stderr: "",
    });
    expect(await world.json("task", "show", "PR-1")).toMatchObject({
      status: "done",
      landing: { landState: "landed", landedCommit: merge, prUrl: PR_URL },
    });
  }, 60_000);
});
