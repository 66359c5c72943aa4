import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LandingWorld, type TaskView, startLandingWorld } from "./landing-world";

// Two tasks change the same line: the second conflicts, an agent resolves it, and both land.
let world: LandingWorld;

const isPending = (view: TaskView) => view.landing.reviewState === "pending";

beforeAll(async () => {
  world = await startLandingWorld({ withRunner: true });
  world.repo.commit("start", { "a.txt": "one\ntwo\n" });
  await world.createWorktreeProject("Conflict", "CF", "--land", "manual");
  await world.addFixtureAgent("resolver", "resolve-agent.sh");
  for (const [title, line] of [
    ["First", "FIRST"],
    ["Second", "SECOND"],
  ] as const) {
    const task = await world.json<{ key: string }>(
      ...["task", "create", title, "--project", "CF", "--command", `printf 'one\\n${line}\\n' > a.txt`],
    );
    await world.ended((await world.json<{ id: string }>("task", "run", task.key, "--agent", "shell")).id);
    await world.waitForTask(task.key, "to wait for review", isPending);
  }
}, 60_000);
afterAll(() => world.close());

describe("a conflict from the command line", () => {
  it("shows the conflict, refuses to land naming the file, and lands after task resolve", async () => {
    await world.json("task", "review", "CF-1", "--approve");
    await world.waitForTask("CF-1", "to land", (view) => view.landing.landState === "landed");
    await world.json("task", "review", "CF-2", "--approve");
    await world.waitForTask("CF-2", "to conflict", (view) => view.landing.landState === "conflict");

    const shown = await world.maestro(["task", "show", "CF-2"]);
    expect(shown.stdout).toMatch(/land\s+conflict\n\s*conflicts\s+a\.txt\n/);
    const refused = await world.maestro(["task", "land", "CF-2"]);
    expect(refused).toMatchObject({ code: 1, stdout: "" });
    expect(refused.stderr).toMatch(
      /^error: CF-2 conflicts with its target branch in a\.txt: .*maestro task resolve CF-2$/,
    );

    const resolving = await world.maestro(["task", "resolve", "CF-2", "--agent", "resolver"]);
    expect(resolving).toMatchObject({ code: 0, stderr: "" });
    const started =
      /^✓ Started session ([0-9a-f]{8}) \(resolver\) to resolve CF-2\n {2}follow it: maestro session logs \1 --follow$/.exec(
        resolving.stdout,
      );
    expect(started).not.toBeNull();
    expect(await world.ended(started![1]!)).toMatchObject({ status: "succeeded", branch: "maestro/CF-2-1" });
    await world.waitForTask("CF-2", "to wait for review again", isPending);

    const diff = await world.maestro(["task", "diff", "CF-2"]);
    expect(diff.stdout).toContain("+SECOND");
    const approved = await world.maestro(["task", "review", "CF-2", "--approve"]);
    expect(approved.stdout).toMatch(/^✓ Approved CF-2; land: (queued|landing|landed)$/);
    const landed = await world.waitForTask("CF-2", "to land", (view) => view.landing.landState === "landed");
    expect(landed.status).toBe("done");
    // Nothing of either change is lost.
    expect(world.repo.git("show", "main:a.txt").split("\n")).toEqual(expect.arrayContaining(["FIRST", "SECOND"]));
  }, 60_000);
});
