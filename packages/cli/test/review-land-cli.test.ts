import type { TaskLanding } from "@maestro/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LandingWorld, fixture, startLandingWorld } from "./landing-world";
import { until } from "./live";

// The review flow from the command line: a worktree project under the manual land policy, a
// stand-in agent that commits, its diff, and a review asking for changes on a line.
let world: LandingWorld;

interface TaskView {
  key: string;
  status: string;
  landing: TaskLanding;
}

const task = (key: string) => world.json<TaskView>("task", "show", key);
const waitForTask = (key: string, what: string, isThere: (view: TaskView) => boolean) =>
  until(
    `${key} ${what}`,
    async () => {
      const view = await task(key);
      return isThere(view) ? view : undefined;
    },
    20_000,
  );

beforeAll(async () => {
  world = await startLandingWorld({ withRunner: true });
  world.repo.commit("start", { "README.md": "# demo\n" });
  await world.json(
    ...["project", "create", "Review", "--dir", world.repo.dir, "--key", "RL", "--worktree", "per_task"],
    ...["--target-branch", "main", "--land", "manual"],
  );
  await world.json(
    "agent",
    "add",
    "committer",
    "--adapter",
    "custom",
    "--command",
    `${fixture("commit-agent.sh")} {promptFile}`,
  );
}, 30_000);
afterAll(() => world.close());

describe("review and land from the CLI", () => {
  it("review --request-changes with --file/--line starts a follow-up whose prompt holds the comment", async () => {
    await world.json("task", "create", "Say hello again", "--project", "RL", "--agent", "committer");
    const first = await world.json<{ id: string }>("task", "run", "RL-1");
    await world.ended(first.id);
    await waitForTask("RL-1", "to wait for review", (view) => view.landing.reviewState === "pending");

    const outcome = await world.json<{ session: { id: string } | null; review: { comments: unknown[] } }>(
      ...["task", "review", "RL-1", "--request-changes", "--comment", "Say it louder"],
      ...["--file", "hello.txt", "--line", "1"],
    );
    expect(outcome.review.comments).toEqual([{ file: "hello.txt", line: 1, text: "Say it louder" }]);
    expect(outcome.session).not.toBeNull();
    const prompt = (await world.json<{ prompt: string }>("session", "show", outcome.session!.id)).prompt;
    expect(prompt).toContain("## hello.txt, line 1\n\nSay it louder");
    expect(await world.ended(outcome.session!.id)).toMatchObject({ status: "succeeded", branch: "maestro/RL-1-1" });
    const reviews = await world.json<Array<{ verdict: string }>>("task", "reviews", "RL-1");
    expect(reviews.map((review) => review.verdict)).toEqual(["request_changes"]);
    // The follow-up's work is back in review, on the same branch, with both runs' lines.
    await waitForTask("RL-1", "to wait for review again", (view) => view.landing.reviewState === "pending");
    const stat = await world.maestro(["task", "diff", "RL-1", "--stat"]);
    expect(stat.stdout).toMatch(/hello\.txt\s+\+2\s+−0\s+added/);
    const shown = await world.maestro(["task", "show", "RL-1"]);
    expect(shown.stdout).toMatch(
      /Reviews\n\s+\S+\s+cli requested changes \([0-9a-f]{7}\)\n\s+hello\.txt:1 {2}Say it louder/,
    );
  }, 60_000);
});
