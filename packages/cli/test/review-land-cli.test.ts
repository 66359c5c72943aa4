import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { WorktreeInfo } from "@maestro/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LandingWorld, type TaskView, startLandingWorld } from "./landing-world";
import { until } from "./live";

// The whole flow from the command line: a worktree project under the manual land policy, a
// stand-in agent that commits, its diff, reviews, the landing, and no worktree left behind.
let world: LandingWorld;

const task = (key: string) => world.json<TaskView>("task", "show", key);

beforeAll(async () => {
  world = await startLandingWorld({ withRunner: true });
  world.repo.commit("start", { "README.md": "# demo\n" });
  await world.createWorktreeProject("Review", "RL", "--land", "manual");
  await world.addFixtureAgent("committer", "commit-agent.sh");
}, 30_000);
afterAll(() => world.close());

describe("review and land from the CLI", () => {
  it("diff --stat shows the agent's commit, review --approve lands it, and no worktree is left", async () => {
    await world.json("task", "create", "Say hello", "--project", "RL", "--agent", "committer");
    const session = await world.json<{ id: string }>("task", "run", "RL-1");
    const ran = await world.ended(session.id);
    expect(ran).toMatchObject({ status: "succeeded", branch: "maestro/RL-1-1" });
    await world.waitForTask("RL-1", "to wait for review", (view) => view.landing.reviewState === "pending");
    expect(await task("RL-1")).toMatchObject({ status: "in_review" });

    const stat = await world.maestro(["task", "diff", "RL-1", "--stat"]);
    expect(stat).toMatchObject({ code: 0, stderr: "" });
    expect(stat.stdout).toMatch(/hello\.txt\s+\+1\s+−0\s+added/);
    expect(stat.stdout.split("\n").at(-1)).toBe("1 file changed, +1 −0");

    const approved = await world.maestro(["task", "review", "RL-1", "--approve", "--comment", "Nice"]);
    expect(approved).toMatchObject({ code: 0, stderr: "" });
    expect(approved.stdout).toMatch(/^✓ Approved RL-1; land: (queued|landing|landed)$/);
    const landed = await world.waitForTask("RL-1", "to land", (view) => view.landing.landState === "landed");
    expect(landed).toMatchObject({ status: "done" });
    expect(world.repo.git("rev-parse", "main")).toBe(landed.landing.landedCommit);
    expect(world.repo.git("show", "main:hello.txt")).toBe(`hello from ${session.id}`);

    // The lander removes the worktree just after it marks the task landed.
    await until("the worktree to be removed", () => (existsSync(ran.worktreePath!) ? undefined : true));
    expect(await world.json<WorktreeInfo[]>("worktree", "list", "--project", "RL")).toEqual([]);
    expect((await world.maestro(["worktree", "list"])).stdout).toBe("No worktrees.");
    await until("its branch to be deleted", () => (world.repo.git("branch", "--list", "maestro/*") ? undefined : true));

    const shown = await world.maestro(["task", "show", "RL-1"]);
    expect(shown.stdout).toMatch(/land\s+landed\n\s*changes\s+1 file\n/);
    expect(shown.stdout).toContain(`landed   ${landed.landing.landedCommit!.slice(0, 7)}`);
    expect(shown.stdout).toMatch(/Reviews\n\s+\S+\s+owner approved \([0-9a-f]{7}\)\n\s+Nice/);
  }, 60_000);

  it("review --request-changes with --file/--line starts a follow-up whose prompt holds the comment", async () => {
    await world.json("task", "create", "Say hello again", "--project", "RL", "--agent", "committer");
    const first = await world.json<{ id: string }>("task", "run", "RL-2");
    await world.ended(first.id);
    await world.waitForTask("RL-2", "to wait for review", (view) => view.landing.reviewState === "pending");

    const outcome = await world.json<{ session: { id: string } | null; review: { comments: unknown[] } }>(
      ...["task", "review", "RL-2", "--request-changes", "--comment", "Say it louder"],
      ...["--file", "hello.txt", "--line", "2"],
    );
    expect(outcome.review.comments).toEqual([{ file: "hello.txt", line: 2, text: "Say it louder" }]);
    expect(outcome.session).not.toBeNull();
    const prompt = (await world.json<{ prompt: string }>("session", "show", outcome.session!.id)).prompt;
    expect(prompt).toContain("## hello.txt, line 2\n\nSay it louder");
    expect(await world.ended(outcome.session!.id)).toMatchObject({ status: "succeeded", branch: "maestro/RL-2-1" });
    const reviews = await world.json<Array<{ verdict: string }>>("task", "reviews", "RL-2");
    expect(reviews.map((review) => review.verdict)).toEqual(["request_changes"]);
    // The follow-up's work is back in review, on the same branch, with both runs' lines.
    await world.waitForTask("RL-2", "to wait for review again", (view) => view.landing.reviewState === "pending");
    const stat = await world.maestro(["task", "diff", "RL-2", "--stat"]);
    expect(stat.stdout).toMatch(/^hello\.txt\s+\+2\s+−0\s*$/m);
    const shown = await world.maestro(["task", "show", "RL-2"]);
    expect(shown.stdout).toMatch(
      /Reviews\n\s+\S+\s+owner requested changes \([0-9a-f]{7}\)\n\s+hello\.txt:2 {2}Say it louder/,
    );
  }, 60_000);

  it("task land exits 1 saying why while the checkout is dirty; the work lands once it is committed", async () => {
    await world.json("task", "create", "Say hello once more", "--project", "RL", "--agent", "committer");
    await world.ended((await world.json<{ id: string }>("task", "run", "RL-3")).id);
    await world.waitForTask("RL-3", "to wait for review", (view) => view.landing.reviewState === "pending");
    // A person's uncommitted edit to a tracked file where the target branch is checked out.
    writeFileSync(join(world.repo.dir, "README.md"), "# demo\nmy edit\n");
    await world.json("task", "review", "RL-3", "--approve");
    const waiting = await world.waitForTask("RL-3", "to wait", (view) => view.landing.landState === "waiting");
    expect(waiting.landing.note).toContain("README.md");

    const refused = await world.maestro(["task", "land", "RL-3"]);
    expect(refused).toEqual({ code: 1, stdout: "", stderr: `error: RL-3 cannot land yet: ${waiting.landing.note}` });
    expect((await world.maestro(["task", "show", "RL-3"])).stdout).toMatch(/land\s+waiting\n\s*note\s+.*README\.md/);

    world.repo.git("commit", "-q", "-am", "My edit");
    const landed = await world.waitForTask("RL-3", "to land", (view) => view.landing.landState === "landed");
    expect(world.repo.git("show", "main:README.md")).toBe("# demo\nmy edit");
    expect(world.repo.git("rev-parse", "main")).toBe(landed.landing.landedCommit);
    const again = await world.maestro(["task", "land", "RL-3"]);
    expect(again).toMatchObject({ code: 1, stdout: "" });
    expect(again.stderr).toMatch(/^error: RL-3 has already landed/);
  }, 60_000);

  it("worktree list shows the work not landed yet, and prune keeps it unless --force", async () => {
    const rl2 = await task("RL-2");
    const sessions = await world.json<Array<{ worktreePath: string | null; taskIds: string[] }>>(
      ...["session", "list", "--project", "RL"],
    );
    const path = sessions.find((session) => session.taskIds.includes(rl2.id))!.worktreePath!;
    for (const other of sessions.filter((session) => session.worktreePath && session.worktreePath !== path)) {
      await until("landed worktrees to be removed", () => (existsSync(other.worktreePath!) ? undefined : true));
    }
    const listed = await world.json<WorktreeInfo[]>("worktree", "list", "--project", "RL");
    expect(listed).toMatchObject([
      { path, taskKey: "RL-2", branch: "maestro/RL-2-1", dirtyFiles: [], commitsNotLanded: 2, isPrunable: false },
    ]);
    expect(listed[0]!.sizeBytes).toBeGreaterThan(0);
    const table = await world.maestro(["worktree", "list"]);
    expect(table.stdout).toMatch(/PATH\s+TASK\s+BRANCH\s+DIRTY\s+NOT LANDED\s+SIZE\s+PRUNE/);
    expect(table.stdout).toMatch(/RL-2\s+maestro\/RL-2-1\s+0\s+2\s+[\d.]+ (B|KiB|MiB)\s+.*not landed/);

    const dry = await world.maestro(["worktree", "prune", "--dry-run"]);
    expect(dry.stdout).toContain(`kept ${path}: ${listed[0]!.reason}`);
    expect(dry.stdout.split("\n").at(-1)).toBe(
      "Would remove 0 worktrees, kept 1 (--force removes them too, losing their work)",
    );
    expect(existsSync(path)).toBe(true);

    const forced = await world.json("worktree", "prune", "--project", "RL", "--force");
    expect(forced).toEqual({ removed: [path], kept: [], isDryRun: false });
    expect(existsSync(path)).toBe(false);
    expect(await world.json("worktree", "list")).toEqual([]);
  }, 30_000);
});
