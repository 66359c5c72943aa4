import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type World, fixture, initRepo, startWorld } from "./world";

// The acceptance 1 end to end (real server, runner, lander and git; a fake agent):
// autopilot runs a diamond A → (B, C) → D with land auto.

let world: World;
const git = (...args: string[]) => execFileSync("git", args, { cwd: world.rootDir, stdio: "pipe" }).toString().trim();

beforeAll(async () => {
  world = await startWorld();
  initRepo(world.rootDir, { "README.md": "diamond\n" });
});
afterAll(() => world?.close());

describe("acceptance: a diamond under autopilot with land auto", { timeout: 90_000 }, () => {
  it("B and C see A's work, D sees all three; main ends with all four; nothing is left behind", async () => {
    writeFileSync(join(world.rootDir, "person.txt"), "a person's untracked notes\n");
    const seen = join(world.home, "seen");
    mkdirSync(seen);
    await world.client.agent.add.mutate({
      name: "diamond",
      adapter: "custom",
      command: [fixture("diamond-agent.sh"), "{promptFile}", seen],
    });
    const project = await world.client.project.update.mutate({
      id: "RUN",
      settings: { worktreeMode: "per_task", landPolicy: "auto" },
    });
    expect(project.settings.targetBranch).toBe("main");
    const create = (piece: string, dependsOn: string[] = []) =>
      world.client.task.create.mutate({ projectId: "RUN", title: `piece-${piece}`, agent: "diamond", dependsOn });
    const a = await create("a");
    const [b, c] = [await create("b", [a.id]), await create("c", [a.id])];
    const d = await create("d", [b.id, c.id]);
    await world.client.autopilot.start.mutate({ projectId: "RUN" });
    await world.waitFor(
      () => world.client.task.byId.query({ id: d.id }),
      (task) => task.status === "done" || task.status === "failed",
      80_000,
    );
    const seenBy = (piece: string) => readFileSync(join(seen, `piece-${piece}.seen`), "utf8").trim();
    expect(seenBy("a")).toBe("");
    expect(seenBy("b")).toBe("piece-a.txt");
    expect(seenBy("c")).toBe("piece-a.txt");
    expect(seenBy("d")).toBe("piece-a.txt piece-b.txt piece-c.txt");
    for (const task of [a, b, c, d]) {
      const landed = await world.client.task.byId.query({ id: task.id });
      expect(landed, task.key).toMatchObject({ status: "done", landing: { landState: "landed" } });
    }
    expect(git("ls-tree", "--name-only", "main").split("\n").sort()).toEqual([
      "README.md",
      "piece-a.txt",
      "piece-b.txt",
      "piece-c.txt",
      "piece-d.txt",
    ]);
    expect(readFileSync(join(world.rootDir, "person.txt"), "utf8")).toBe("a person's untracked notes\n");
    expect(readFileSync(join(world.rootDir, "piece-d.txt"), "utf8")).toBe("piece-d\n");
    await world.waitFor(
      async () => git("branch", "--list", "maestro/*") + git("worktree", "list", "--porcelain"),
      (state) => !state.includes("maestro/") && (state.match(/^worktree /gm)?.length ?? 0) === 1,
    );
  });
});
