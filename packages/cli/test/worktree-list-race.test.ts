import type { TaskLanding } from "@maestro/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LandingWorld, startLandingWorld } from "./landing-world";
import { until } from "./live";

let world: LandingWorld;

beforeAll(async () => {
  world = await startLandingWorld({ withRunner: true });
  world.repo.commit("start", { "README.md": "# demo\n" });
  await world.createWorktreeProject("Race", "WR", "--land", "auto");
  await world.addFixtureAgent("committer", "commit-agent.sh");
}, 30_000);
afterAll(() => world.close());

describe("maestro worktree list", () => {
  it("regression: does not fail while the lander removes a landed task's worktree (git ran in a folder gone)", async () => {
    const failures: string[] = [];
    for (let i = 1; i <= 3; i++) {
      await world.json("task", "create", `Task ${i}`, "--project", "WR", "--agent", "committer");
      await world.ended((await world.json<{ id: string }>("task", "run", `WR-${i}`)).id);
      await until(`WR-${i} to land`, async () => {
        const task = await world.json<{ landing: TaskLanding }>("task", "show", `WR-${i}`);
        return task.landing.landState === "landed" ? true : undefined;
      });
      // The worktree is removed just after the task is marked landed: list while that happens.
      const lists = Array.from({ length: 15 }, () => world.maestro(["worktree", "list", "--json"]));
      for (const result of await Promise.all(lists)) if (result.code !== 0) failures.push(result.stderr);
    }
    expect(failures).toEqual([]);
    expect(await world.json("worktree", "list")).toEqual([]);
  }, 60_000);
});
