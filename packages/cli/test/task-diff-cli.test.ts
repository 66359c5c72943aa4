import { stripVTControlCharacters } from "node:util";
import type { TaskCheck, TaskDiff, TaskLanding } from "@maestro/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LandingWorld, fixture, startLandingWorld } from "./landing-world";
import { until } from "./live";

// Tasks run by a real runner in worktrees of a real repository; their agents are small scripts.
let world: LandingWorld;
/** Passes only when nothing is left uncommitted: the runner commits the agent's leftovers before the checks. */
const CLEAN_CHECK = 'test -z "$(git status --porcelain)"';
let base: string;
let head: string;

/** Creates a task running `command` and runs it (in a worktree: the project's mode); returns the ended session. */
async function runTask(title: string, command: string, ...flags: string[]) {
  const task = await world.json<{ key: string }>("task", "create", title, "--project", "DF", "--command", command);
  const session = await world.json<{ id: string }>("task", "run", task.key, "--agent", "shell", ...flags);
  return { key: task.key, session: await world.ended(session.id) };
}

beforeAll(async () => {
  world = await startLandingWorld({ withRunner: true });
  base = world.repo.commit("start", { "a.txt": "one\ntwo\nthree\n", "c.txt": "moved along\nunchanged\nlines\n" });
  await world.createWorktreeProject("Diff", "DF", "--check", CLEAN_CHECK);
  const { session } = await runTask("Edit files", fixture("edit-files.sh"));
  expect(session).toMatchObject({ status: "succeeded", branch: "maestro/DF-1-1" });
  head = world.repo.git("rev-parse", "maestro/DF-1-1");
  // The target moves on after the branch was cut: the diff is against their merge base.
  world.repo.commit("elsewhere", { "e.txt": "not the task's\n" });
}, 60_000);
afterAll(() => world.close());

describe("maestro task diff", () => {
  it("--stat: each file with its +/− counts (what the agent left uncommitted too), and the total", async () => {
    const stat = await world.maestro(["task", "diff", "DF-1", "--stat"]);
    expect(stat.code).toBe(0);
    expect(stat.stdout).toContain(`maestro/DF-1-1  ${base.slice(0, 7)}..${head.slice(0, 7)}`);
    expect(stat.stdout).toMatch(/FILE\s+\+\s+−/);
    expect(stat.stdout).toMatch(/a\.txt\s+\+2\s+−1/);
    expect(stat.stdout).toMatch(/b\.txt\s+\+1\s+−0\s+added/);
    expect(stat.stdout).toMatch(/c\.txt → d\.txt\s+\+0\s+−0\s+renamed/);
    expect(stat.stdout).toMatch(/img\.bin\s+added, binary/);
    expect(stat.stdout).not.toContain("e.txt");
    expect(stat.stdout.split("\n").at(-1)).toBe("4 files changed, +3 −1");

    const diff = await world.json<TaskDiff>("task", "diff", "DF-1", "--stat");
    expect(diff).toMatchObject({ branch: "maestro/DF-1-1", base, head, patch: null, isTruncated: false });
    expect(diff.files.map((file) => [file.path, file.status, file.additions, file.deletions])).toEqual([
      ["a.txt", "modified", 2, 1],
      ["b.txt", "added", 1, 0],
      ["d.txt", "renamed", 0, 0],
      ["img.bin", "added", 0, 0],
    ]);
  });

  it("prints the unified diff as git does, coloured only on a terminal", async () => {
    const plain = await world.maestro(["task", "diff", "DF-1"]);
    expect(plain).toMatchObject({ code: 0, stderr: "" });
    const git = world.repo.git("diff", "--no-color", "-M", base, head);
    expect(plain.stdout).toBe(git);
    expect(plain.stdout).toBe(stripVTControlCharacters(plain.stdout));

    const coloured = await world.maestro(["task", "diff", "DF-1"], { isTTY: true });
    expect(coloured.stdout).toContain("\u001b[32m+TWO\u001b[39m");
    expect(coloured.stdout).toContain("\u001b[31m-two\u001b[39m");
    expect(stripVTControlCharacters(coloured.stdout)).toBe(plain.stdout);

    expect((await world.json<TaskDiff>("task", "diff", "DF-1")).patch).toBe(`${git}\n`);
  });

  it("says on stderr when the diff is truncated, leaving stdout a patch", async () => {
    const { key, session } = await runTask("Big change", fixture("big-file.sh"));
    expect(session.status).toBe("succeeded");
    const result = await world.maestro(["task", "diff", key]);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith("diff --git a/big.txt b/big.txt\n")).toBe(true);
    expect(result.stdout.length).toBeLessThan(5 * 1024 * 1024);
    expect(result.stderr).toMatch(/^note: the diff is truncated; `maestro task diff DF-2 --stat` lists every file/);
    expect((await world.json<TaskDiff>("task", "diff", key)).isTruncated).toBe(true);
  });

  it("task show has the branch, its checks and where its landing stands", async () => {
    const shown = await world.maestro(["task", "show", "DF-1"]);
    expect(shown.stdout).toMatch(/\n\nLanding\n/);
    expect(shown.stdout).toMatch(/branch\s+maestro\/DF-1-1/);
    expect(shown.stdout).toMatch(new RegExp(`base\\s+${base.slice(0, 7)}`));
    expect(shown.stdout).toContain(`Checks\n  ✓ ${CLEAN_CHECK}  passed (exit 0)`);
    const task = await world.json<{ landing: TaskLanding }>("task", "show", "DF-1");
    expect(task.landing).toMatchObject({ branch: "maestro/DF-1-1", baseCommit: base });
    const checks = await world.json<TaskCheck[]>("task", "checks", "DF-1");
    expect(checks).toMatchObject([{ command: CLEAN_CHECK, status: "passed", exitCode: 0 }]);
  });
  it("task show flags the files another in-flight task changes too", async () => {
    const { key, session } = await runTask("Also edits a.txt", "echo more >> a.txt");
    expect(session.status).toBe("succeeded");
    await until(`${key} to be in review`, async () => {
      const view = await world.json<{ status: string }>("task", "show", key);
      return view.status === "in_review" ? true : undefined;
    });
    expect((await world.maestro(["task", "show", "DF-1"])).stdout).toMatch(
      new RegExp(`overlaps\\s+also changes a\\.txt: ${key}\\n`),
    );
    expect((await world.maestro(["task", "show", key])).stdout).toMatch(/overlaps\s+also changes a\.txt: DF-1\n/);
  });
});

describe("maestro task run in a worktree project", () => {
  it("works in a worktree unless told --no-worktree, like the dashboard's Run dialog", async () => {
    expect((await runTask("Here", "true", "--no-worktree")).session).toMatchObject({ worktreePath: null });
    const inWorktree = (await runTask("There", "true")).session;
    expect(inWorktree.worktreePath).toEqual(expect.any(String));
    await world.json("project", "update", "DF", "--worktree", "off");
    expect((await runTask("Here again", "true")).session).toMatchObject({ worktreePath: null });
    expect((await runTask("There again", "true", "--worktree")).session.worktreePath).toEqual(expect.any(String));
    await world.json("project", "update", "DF", "--worktree", "per_task");
  });
});
