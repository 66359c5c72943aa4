import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { NO_LANDING, type TaskDiff, type TaskLanding } from "@maestro/domain";
import { type RunningServer, startServer } from "@maestro/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMaestroClient } from "../src/client";
import type { Io } from "../src/output";
import { runCli } from "../src/program";
import { type GitRepo, createGitRepo } from "./git-repo";

let server: RunningServer;
let home: string;
let repo: GitRepo;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "maestro-cli-landing-"));
  repo = createGitRepo();
  server = await startServer({ home, host: "127.0.0.1", port: 0, log: () => {} });
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
  rmSync(repo.dir, { recursive: true, force: true });
});

async function maestro(argv: string[], { isTTY = false } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY };
  const code = await runCli(argv, io, { MAESTRO_URL: server.url });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

async function json<T = Record<string, unknown>>(...argv: string[]): Promise<T> {
  const result = await maestro([...argv, "--json"]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/**
 * Gives a task the landing a runner's start would: its branch and the commit it was cut from.
 * Written straight into the database because the runner does not record it yet (the lander's work).
 */
function setLanding(key: string, landing: Partial<TaskLanding>): void {
  const value = JSON.stringify({ ...NO_LANDING, ...landing }).replaceAll("'", "''");
  server.database.db.run(`UPDATE tasks SET landing = '${value}' WHERE key = '${key}'` as never);
}

describe("a project's landing settings", () => {
  it("round-trip through create, update and show", async () => {
    const created = await json<{ settings: Record<string, unknown> }>(
      ...["project", "create", "Land", "--dir", repo.dir, "--key", "LD", "--worktree", "per_task"],
      ...["--target-branch", "main", "--land", "manual", "--land-strategy", "squash"],
      ...["--check", "pnpm test", "--check", "pnpm lint", "--worktree-setup", "pnpm install", "--remote", "upstream"],
    );
    expect(created.settings).toMatchObject({
      worktreeMode: "per_task",
      targetBranch: "main",
      landPolicy: "manual",
      landStrategy: "squash",
      checks: ["pnpm test", "pnpm lint"],
      worktreeSetup: "pnpm install",
      remote: "upstream",
    });
    const shown = await maestro(["project", "show", "LD"]);
    expect(shown.stdout).toMatch(/target branch\s+main/);
    expect(shown.stdout).toMatch(/land\s+manual \(squash\)/);
    expect(shown.stdout).toMatch(/checks\s+`pnpm test`, `pnpm lint`/);
    expect(shown.stdout).toMatch(/worktree setup\s+`pnpm install`/);
    expect(shown.stdout).toMatch(/remote\s+upstream/);

    const updated = await json<{ settings: Record<string, unknown> }>(
      ...[
        "project",
        "update",
        "LD",
        "--no-checks",
        "--no-worktree-setup",
        "--land",
        "auto",
        "--land-strategy",
        "merge",
      ],
    );
    expect(updated.settings).toMatchObject({
      targetBranch: "main",
      landPolicy: "auto",
      landStrategy: "merge",
      checks: [],
      worktreeSetup: null,
      remote: "upstream",
    });
    const checked = await json<{ settings: { checks: string[] } }>("project", "update", "LD", "--check", "make test");
    expect(checked.settings.checks).toEqual(["make test"]);
    await json("project", "update", "LD", "--land", "manual");
  });

  it("refuses too many checks with the server's reason naming the field, changing nothing", async () => {
    const checks = Array.from({ length: 21 }, (_, i) => ["--check", `echo ${i}`]).flat();
    const result = await maestro(["project", "update", "LD", ...checks]);
    expect(result).toEqual({ code: 1, stdout: "", stderr: "error: settings.checks: must have at most 20 commands" });
    expect((await json<{ settings: { checks: string[] } }>("project", "show", "LD")).settings.checks).toEqual([
      "make test",
    ]);
  });
});

describe("maestro task diff", () => {
  let base: string;
  let head: string;

  beforeAll(async () => {
    base = repo.commit("start", { "a.txt": "one\ntwo\nthree\n", "c.txt": "moved along\nunchanged\nlines\n" });
    repo.git("switch", "-q", "-c", "maestro/LD-1-1");
    repo.git("mv", "c.txt", "d.txt");
    head = repo.commit("work", {
      "a.txt": "one\nTWO\nthree\nfour\n",
      "b.txt": "new\n",
      "img.bin": Buffer.from([0, 1, 2, 0]),
    });
    repo.git("switch", "-q", "main");
    // The target moves on after the branch was cut: the diff is against their merge base.
    repo.commit("elsewhere", { "e.txt": "not the task's\n" });
    await json("task", "create", "Edit files", "--project", "LD");
    setLanding("LD-1", { branch: "maestro/LD-1-1", baseCommit: base });
  });

  it("--stat: each file with its +/− counts, and the total", async () => {
    const stat = await maestro(["task", "diff", "LD-1", "--stat"]);
    expect(stat.code).toBe(0);
    expect(stat.stdout).toContain(`maestro/LD-1-1  ${base.slice(0, 7)}..${head.slice(0, 7)}`);
    expect(stat.stdout).toMatch(/FILE\s+\+\s+−/);
    expect(stat.stdout).toMatch(/a\.txt\s+\+2\s+−1/);
    expect(stat.stdout).toMatch(/b\.txt\s+\+1\s+−0\s+added/);
    expect(stat.stdout).toMatch(/c\.txt → d\.txt\s+\+0\s+−0\s+renamed/);
    expect(stat.stdout).toMatch(/img\.bin\s+added, binary/);
    expect(stat.stdout).not.toContain("e.txt");
    expect(stat.stdout.split("\n").at(-1)).toBe("4 files changed, +3 −1");

    const diff = await json<TaskDiff>("task", "diff", "LD-1", "--stat");
    expect(diff).toMatchObject({ branch: "maestro/LD-1-1", base, head, patch: null, isTruncated: false });
    expect(diff.files.map((file) => [file.path, file.status, file.additions, file.deletions])).toEqual([
      ["a.txt", "modified", 2, 1],
      ["b.txt", "added", 1, 0],
      ["d.txt", "renamed", 0, 0],
      ["img.bin", "added", 0, 0],
    ]);
  });

  it("prints the unified diff as git does, coloured only on a terminal", async () => {
    const plain = await maestro(["task", "diff", "LD-1"]);
    expect(plain).toMatchObject({ code: 0, stderr: "" });
    const git = execFileSync("git", ["-c", "core.hooksPath=/dev/null", "diff", "--no-color", "-M", base, head], {
      cwd: repo.dir,
      encoding: "utf8",
    });
    expect(`${plain.stdout}\n`).toBe(git);
    expect(plain.stdout).not.toContain("\u001b[");

    const coloured = await maestro(["task", "diff", "LD-1"], { isTTY: true });
    expect(coloured.stdout).toContain("\u001b[32m+TWO\u001b[39m");
    expect(coloured.stdout).toContain("\u001b[31m-two\u001b[39m");
    expect(stripVTControlCharacters(coloured.stdout)).toBe(plain.stdout);

    const asJson = await json<TaskDiff>("task", "diff", "LD-1");
    expect(asJson.patch).toBe(git);
  });

  it("says on stderr when the diff is truncated, leaving stdout a patch", async () => {
    const branchBase = repo.git("rev-parse", "main");
    repo.git("switch", "-q", "-c", "maestro/LD-2-1");
    const big = Array.from({ length: 90_000 }, (_, i) => `line ${i} ${"x".repeat(50)}`).join("\n");
    repo.commit("big", { "big.txt": `${big}\n` });
    repo.git("switch", "-q", "main");
    await json("task", "create", "Big change", "--project", "LD");
    setLanding("LD-2", { branch: "maestro/LD-2-1", baseCommit: branchBase });
    const result = await maestro(["task", "diff", "LD-2"]);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith("diff --git a/big.txt b/big.txt\n")).toBe(true);
    expect(result.stdout.length).toBeLessThan(big.length);
    expect(result.stderr).toMatch(/^note: the diff is truncated; `maestro task diff LD-2 --stat` lists every file/);
    expect((await json<TaskDiff>("task", "diff", "LD-2")).isTruncated).toBe(true);
  });

  it("task show has the task's branch and where its landing stands", async () => {
    const shown = await maestro(["task", "show", "LD-1"]);
    expect(shown.stdout).toMatch(/Landing\n/);
    expect(shown.stdout).toMatch(/branch\s+maestro\/LD-1-1/);
    expect(shown.stdout).toMatch(new RegExp(`base\\s+${base.slice(0, 7)}`));
    expect(shown.stdout).toMatch(/checks\s+none\n\s*review\s+none\n\s*land\s+none/);
    const task = await json<{ landing: TaskLanding }>("task", "show", "LD-1");
    expect(task.landing).toMatchObject({ branch: "maestro/LD-1-1", baseCommit: base, landState: "none" });
  });

  it("refuses a task without a branch: exit 1 with the server's reason", async () => {
    await json("task", "create", "Not started", "--project", "LD");
    const result = await maestro(["task", "diff", "LD-3"]);
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: LD-3 has no branch yet: its work starts in a worktree",
    });
    expect((await maestro(["task", "show", "LD-3"])).stdout).not.toContain("Landing");
  });
});

describe("maestro task run in a worktree project", () => {
  it("works in a worktree unless told --no-worktree, like the dashboard's Run dialog", async () => {
    const runner = createMaestroClient({ url: server.url, actor: "runner" });
    const claimOf = async (...flags: string[]) => {
      const task = await json<{ key: string }>("task", "create", "Run me", "--project", "LD", "--command", "true");
      const session = await json<{ id: string }>("task", "run", task.key, "--agent", "shell", ...flags);
      const claim = await runner.runner.claim.mutate({ runnerId: "r-worktree" });
      expect(claim?.session.id).toBe(session.id);
      return claim!.useWorktree;
    };
    expect(await claimOf()).toBe(true);
    expect(await claimOf("--no-worktree")).toBe(false);
    await json("project", "update", "LD", "--worktree", "off");
    expect(await claimOf()).toBe(false);
    expect(await claimOf("--worktree")).toBe(true);
    await json("project", "update", "LD", "--worktree", "per_task");
  });
});

describe("review, land, resolve and worktree commands", () => {
  const client = () => createMaestroClient({ url: server.url, actor: "cli" });
  /** What the server itself says to the same request. */
  const refusal = (call: () => Promise<unknown>) =>
    call().then(
      () => undefined,
      (error: Error) => error.message,
    );

  it.each([
    [
      "task review --approve",
      ["task", "review", "LD-1", "--approve"],
      () => client().task.review.mutate({ id: "LD-1", verdict: "approve" }),
    ],
    ["task land", ["task", "land", "LD-1"], () => client().task.land.mutate({ id: "LD-1" })],
    [
      "task resolve",
      ["task", "resolve", "LD-1", "--agent", "shell"],
      () => client().task.resolve.mutate({ id: "LD-1", agent: "shell" }),
    ],
    ["task land of an unknown task", ["task", "land", "LD-99"], () => client().task.land.mutate({ id: "LD-99" })],
    [
      "worktree list",
      ["worktree", "list", "--project", "NOPE"],
      () => client().worktree.list.query({ projectId: "NOPE" }),
    ],
    [
      "worktree prune",
      ["worktree", "prune", "--project", "NOPE"],
      () => client().worktree.prune.mutate({ projectId: "NOPE" }),
    ],
  ])("%s: a refusal is one line with the server's reason, exit 1", async (_name, argv, call) => {
    const reason = await refusal(call);
    expect(reason).toBeDefined();
    expect(await maestro(argv)).toEqual({ code: 1, stdout: "", stderr: `error: ${reason}` });
  });

  it("task review --request-changes without a comment: the domain's reason, naming the field", async () => {
    const result = await maestro(["task", "review", "LD-1", "--request-changes"]);
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: comment: is required to request changes: say what should change (or comment on lines)",
    });
  });
});
