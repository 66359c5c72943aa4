import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Task } from "@maestro/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type World, fixture, initRepo, startWorld } from "./world";

// The acceptance 4 end to end (real server, runner, lander and git; fake agents): two
// sibling tasks rewrite the same line; the one that lands second conflicts, naming the file; a
// resolving agent merges the target into its branch and it lands; nothing of either is lost.

let world: World;
const git = (...args: string[]) => execFileSync("git", args, { cwd: world.rootDir, stdio: "pipe" }).toString().trim();

beforeAll(async () => {
  world = await startWorld();
  initRepo(world.rootDir, { "shared.txt": "one\ntwo\nthree\n" });
  const go = join(world.home, "go");
  for (const word of ["alpha", "beta"]) {
    const command = [fixture("line-editor-agent.sh"), word, go];
    await world.client.agent.add.mutate({ name: word, adapter: "custom", command });
  }
  const command = [fixture("resolving-agent.sh"), "{promptFile}"];
  await world.client.agent.add.mutate({ name: "resolver", adapter: "custom", command });
  await world.client.project.update.mutate({
    id: "RUN",
    settings: { worktreeMode: "per_task", targetBranch: "main", landPolicy: "auto", concurrencyLimit: 2 },
  });
});
afterAll(() => world?.close());

const byId = (id: string) => world.client.task.byId.query({ id });

describe("acceptance: two siblings edit the same line", { timeout: 60_000 }, () => {
  it("shows the second's conflict naming the file; a resolving agent merges; both changes land", async () => {
    const parent = await world.client.task.create.mutate({ projectId: "RUN", title: "Rename line two" });
    const sessions = [];
    for (const word of ["alpha", "beta"]) {
      const task = await world.client.task.create.mutate({ projectId: "RUN", title: word, parentId: parent.id });
      sessions.push(await world.client.session.start.mutate({ taskIds: [task.id], agent: word, worktree: true }));
    }
    // Both branch from the same tip before either finishes.
    for (const session of sessions) {
      await world.waitFor(
        () => world.client.session.byId.query({ id: session.id }),
        (current) => current.status === "running",
      );
    }
    writeFileSync(join(world.home, "go"), "");
    const settled = (task: Task) =>
      task.status === "done" || task.status === "failed" || task.landing.landState === "conflict";
    const [first, second] = await Promise.all(
      sessions.map((session) => world.waitFor(() => byId(session.taskIds[0]!), settled, 30_000)),
    );
    const [landed, conflicted] = first!.status === "done" ? [first!, second!] : [second!, first!];
    expect(landed.landing.landState).toBe("landed");
    expect(conflicted.landing).toMatchObject({ landState: "conflict", conflictFiles: ["shared.txt"] });
    expect(conflicted.status).toBe("in_review");

    const resolving = await world.client.task.resolve.mutate({ id: conflicted.id, agent: "resolver" });
    expect(resolving).toMatchObject({ agent: "resolver", branch: conflicted.landing.branch });
    const done = await world.waitFor(
      () => byId(conflicted.id),
      (task) => task.status === "done",
      30_000,
    );
    expect(done.landing).toMatchObject({ landState: "landed" });

    expect(git("show", "main:shared.txt").split("\n").sort()).toEqual(["alpha", "beta", "one", "three"]);
    expect(git("show", "main:alpha.txt")).toBe("alpha");
    expect(git("show", "main:beta.txt")).toBe("beta");
    // The lander removes the worktree and the merged branch once the task is done.
    await world.waitFor(
      async () => git("branch", "--list", "maestro/*"),
      (branches) => branches === "",
      5_000,
    );
  });
});
