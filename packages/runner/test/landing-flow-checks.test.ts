import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type World, fixture, initRepo, startWorld } from "./world";

// The acceptance 3 end to end (real server, runner and git; a fake agent): a check that
// fails on the first attempt gives the agent a second attempt whose prompt holds the failing
// command and its output; then it passes and its work lands.

let world: World;
const git = (...args: string[]) => execFileSync("git", args, { cwd: world.rootDir, stdio: "pipe" }).toString().trim();
const CHECK = 'test "$(cat answer.txt)" = 4 || { echo "expected 4, got $(cat answer.txt)"; exit 1; }';

beforeAll(async () => {
  world = await startWorld();
  initRepo(world.rootDir, { "README.md": "count\n" });
});
afterAll(() => world?.close());

describe("acceptance: a check fails on the first attempt", { timeout: 60_000 }, () => {
  it("gives the second attempt the failing command and its output, and its work lands once it passes", async () => {
    const prompts = join(world.home, "prompts");
    mkdirSync(prompts);
    await world.client.agent.add.mutate({
      name: "counter",
      adapter: "custom",
      command: [fixture("counting-agent.sh"), "{promptFile}", prompts],
    });
    await world.client.project.update.mutate({
      id: "RUN",
      settings: { worktreeMode: "per_task", targetBranch: "main", landPolicy: "auto", checks: [CHECK], maxAttempts: 2 },
    });
    const first = await world.runTask("counter", "Count to four", true);
    const ended = await world.waitForEnd(first.id, 20_000);
    expect(ended).toMatchObject({
      status: "failed",
      error: `check \`${CHECK}\` failed (exit 1)`,
    });
    const task = await world.waitFor(
      () => world.client.task.byId.query({ id: first.taskIds[0]! }),
      (current) => current.status === "done" || current.status === "failed",
      20_000,
    );
    expect(task).toMatchObject({ status: "done", failedAttempts: 1 });
    expect(task.landing).toMatchObject({ checksState: "passed", landState: "landed", changedFiles: ["answer.txt"] });
    expect(git("show", "main:answer.txt")).toBe("4");
    expect(git("rev-parse", "main")).toBe(task.landing.landedCommit);

    const second = readFileSync(join(prompts, "prompt-2.txt"), "utf8");
    expect(second).toContain(CHECK);
    expect(second).toContain("expected 4, got 5");
    expect(readFileSync(join(prompts, "prompt-1.txt"), "utf8")).not.toContain("expected 4");
    const { items: sessions } = await world.client.session.list.query({ taskId: task.id });
    expect(sessions.map((session) => [session.status, session.branch, session.resumedFromId])).toEqual([
      ["succeeded", ended.branch, first.id],
      ["failed", ended.branch, null],
    ]);
  });
});
