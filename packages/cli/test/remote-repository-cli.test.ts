import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningServer, startServer } from "@maestro/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Io } from "../src/output";
import { runCli } from "../src/program";
import { fixture } from "./landing-world";
import { MAESTRO_BIN, until } from "./live";

// A team server whose machine does not hold the project's repository: the project names its git
// URL, a runner in its own process and home (another machine, as far as it can tell) clones it,
// works in its own worktrees, pushes the task branches and lands them on the remote.

let dir: string;
let remote: string;
let server: RunningServer;
let runner: ChildProcess;
let runnerHome: string;

const FORGE_URL = "https://github.com/acme/widgets.git";
/** The runner tests' fake gh (test/fixtures/fake-gh in @maestro/runner). */
const FAKE_GH_DIR = fileURLToPath(new URL("../../runner/test/fixtures/fake-gh", import.meta.url));

/** git in `cwd`, argv only, hooks off, a fixed identity; its trimmed stdout. */
function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    "git",
    ["-c", "core.hooksPath=/dev/null", "-c", "user.name=Test", "-c", "user.email=test@localhost", ...args],
    { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  ).trim();
}

async function maestro(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  const code = await runCli(argv, io, { MAESTRO_URL: server.url, MAESTRO_TOKEN: server.token });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

async function json<T = Record<string, unknown>>(...argv: string[]): Promise<T> {
  const result = await maestro(...argv, "--json");
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

interface TaskView {
  key: string;
  status: string;
  landing: {
    landState: string;
    branch: string | null;
    landedCommit: string | null;
    conflictFiles: string[];
    prUrl: string | null;
  };
}

const waitForTask = (key: string, what: string, isThere: (task: TaskView) => boolean, timeoutMs = 30_000) =>
  until(
    `${key} ${what}`,
    async () => {
      const task = await json<TaskView>("task", "show", key);
      return isThere(task) ? task : undefined;
    },
    timeoutMs,
  );

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "maestro-remote-repo-"));
  // The remote: a bare repository with one commit on main, made through a scratch clone.
  remote = join(dir, "remote.git");
  git(dir, "init", "-q", "--bare", "-b", "main", remote);
  const scratch = join(dir, "scratch");
  git(dir, "clone", "-q", remote, scratch);
  writeFileSync(join(scratch, "README.md"), "# remote\n");
  git(scratch, "add", "-A");
  git(scratch, "commit", "-q", "-m", "start");
  git(scratch, "push", "-q", "origin", "HEAD:refs/heads/main");

  const home = join(dir, "server");
  server = await startServer({
    home,
    host: "127.0.0.1",
    port: 0,
    log: () => {},
    landing: { pollMs: 200, prPollMs: 500 },
  });
  runnerHome = join(dir, "build-box");
  runner = spawn(
    process.execPath,
    [MAESTRO_BIN, "runner", "--server", server.url, "--home", runnerHome, "--id", "build-box"],
    { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, MAESTRO_TOKEN: server.runnerToken } },
  );
  // The project directory on the server's machine is not a repository at all.
  const projectDir = join(dir, "not-a-repo");
  mkdirSync(projectDir);
  await json(
    ...["project", "create", "Remote", "--dir", projectDir, "--key", "RM", "--worktree", "per_task"],
    ...["--target-branch", "main", "--land", "auto", "--repository", remote],
  );
  await json(
    "agent",
    "add",
    "writer",
    "--adapter",
    "custom",
    "--command",
    `${fixture("remote-agent.sh")} {promptFile}`,
  );
}, 60_000);

afterAll(async () => {
  if (runner.exitCode === null) {
    runner.kill("SIGTERM");
    await new Promise((resolve) => runner.once("exit", resolve));
  }
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a project whose repository is not on the server's machine", () => {
  it("runs, reviews and lands on the remote, and a dependent starts from its dependency's work", async () => {
    await json("task", "create", "Write a", "--project", "RM", "--agent", "writer", "--description", "WRITE:a.txt");
    await json(
      ...["task", "create", "Write b", "--project", "RM", "--agent", "writer"],
      ...["--description", "NEEDS:a.txt WRITE:b.txt", "--depends-on", "RM-1"],
    );
    await json("autopilot", "start", "RM");
    const a = await waitForTask("RM-1", "to land", (task) => task.landing.landState === "landed", 60_000);
    const b = await waitForTask("RM-2", "to land", (task) => task.landing.landState === "landed", 60_000);
    expect(a.status).toBe("done");
    expect(b.status).toBe("done");

    // Both landed on the remote's main, b's merge on top of a's.
    expect(git(remote, "rev-parse", "main")).toBe(b.landing.landedCommit);
    expect(git(remote, "show", "main:a.txt")).toBe("written for a.txt");
    expect(git(remote, "show", "main:b.txt")).toBe("written for b.txt");
    git(remote, "merge-base", "--is-ancestor", a.landing.landedCommit!, b.landing.landedCommit!);
    // The task branches were pushed for review and deleted once landed.
    await until("the task branches to go from the remote", () =>
      git(remote, "for-each-ref", "refs/heads/maestro/") === "" ? true : undefined,
    );
    // The diff the runner reported is what review shows, with no repository on the server.
    const stat = await maestro("task", "diff", "RM-2", "--stat");
    expect(stat).toMatchObject({ code: 0, stderr: "" });
    expect(stat.stdout).toMatch(/b\.txt\s+\+1\s+−0\s+added/);
    expect(stat.stdout).not.toContain("a.txt");
    // The worktrees were made on the runner's machine, in its own clone.
    expect(readdirSync(join(runnerHome, "repos")).length).toBe(1);
  }, 120_000);

  it("stops at a conflict with the files named, and never pushes a broken target", async () => {
    await json("autopilot", "pause", "RM");
    await json("project", "update", "RM", "--land", "manual");
    await json("task", "create", "Clash", "--project", "RM", "--agent", "writer", "--description", "WRITE:c.txt");
    await json("task", "run", "RM-3");
    await waitForTask("RM-3", "to wait for review", (task) => task.status === "in_review");
    // Someone pushes their own c.txt to main meanwhile: the task's c.txt conflicts with it.
    const scratch = join(dir, "scratch");
    git(scratch, "pull", "-q", "--no-rebase", "origin", "main");
    writeFileSync(join(scratch, "c.txt"), "pushed by a person\n");
    git(scratch, "add", "-A");
    git(scratch, "commit", "-q", "-m", "c by hand");
    git(scratch, "push", "-q", "origin", "HEAD:refs/heads/main");
    const pushed = git(remote, "rev-parse", "main");

    const approved = await maestro("task", "review", "RM-3", "--approve");
    expect(approved.code).toBe(0);
    const clash = await waitForTask("RM-3", "to conflict", (task) => task.landing.landState === "conflict", 60_000);
    expect(clash.landing.conflictFiles).toEqual(["c.txt"]);
    expect(git(remote, "rev-parse", "main")).toBe(pushed);
    // The server never made a repository of its own project directory.
    expect(existsSync(join(dir, "not-a-repo", ".git"))).toBe(false);
  }, 120_000);

  it("in PR mode the runner opens the pull request with its own gh, and the task is done once it is merged", async () => {
    // Another build box, the only one now: its gh is the runner tests' fake (state in ghState), and
    // its git reaches the forge URL at the bare repository (a user's url.insteadOf, as a mirror would).
    runner.kill("SIGTERM");
    await new Promise((resolve) => runner.once("exit", resolve));
    const ghState = join(dir, "gh-state");
    const user = join(dir, "build-box-user");
    mkdirSync(ghState);
    mkdirSync(user);
    writeFileSync(join(user, ".gitconfig"), `[url "${remote}"]\n\tinsteadOf = ${FORGE_URL}\n`);
    runner = spawn(
      process.execPath,
      [MAESTRO_BIN, "runner", "--server", server.url, "--home", join(dir, "build-box-2"), "--id", "build-box-2"],
      {
        stdio: ["ignore", "ignore", "pipe"],
        env: {
          ...process.env,
          HOME: user,
          PATH: `${FAKE_GH_DIR}:${process.env.PATH ?? ""}`,
          GH_CONFIG_DIR: ghState,
          MAESTRO_TOKEN: server.runnerToken,
        },
      },
    );
    const projectDir = join(dir, "not-a-repo-either");
    mkdirSync(projectDir);
    await json(
      ...["project", "create", "Forge", "--dir", projectDir, "--key", "RP", "--worktree", "per_task"],
      ...["--target-branch", "main", "--land", "pr", "--repository", FORGE_URL],
    );
    await json("task", "create", "Write p", "--project", "RP", "--agent", "writer", "--description", "WRITE:p.txt");
    await json("task", "run", "RP-1");
    const open = await waitForTask("RP-1", "to open its PR", (task) => task.landing.landState === "pr_open", 60_000);
    expect(open.landing.prUrl).toBe("https://github.com/acme/widgets/pull/7");
    const branch = open.landing.branch!;
    const args = readFileSync(join(ghState, "create.args"), "utf8").split("\n");
    expect(args.slice(0, 6)).toEqual(["--repo", "github.com/acme/widgets", "--base", "main", "--head", branch]);
    expect(args[6]).toBe("--title=RP-1 Write p");
    expect(args).toContain("_Opened by Maestro for RP-1._");

    // Merged on the forge (a person merges the branch; gh says so, naming the merge commit).
    const scratch = join(dir, "scratch");
    git(scratch, "fetch", "-q", "origin", `+refs/heads/*:refs/remotes/origin/*`);
    git(scratch, "checkout", "-q", "-B", "main", "origin/main");
    git(scratch, "merge", "-q", "--no-ff", "-m", "Merge pull request #7", `origin/${branch}`);
    git(scratch, "push", "-q", "origin", "HEAD:refs/heads/main");
    const merge = git(scratch, "rev-parse", "HEAD");
    writeFileSync(join(ghState, "pr-state.json"), JSON.stringify({ state: "MERGED", mergeCommit: { oid: merge } }));
    const done = await waitForTask("RP-1", "to land", (task) => task.landing.landState === "landed", 60_000);
    expect(done.status).toBe("done");
    expect(done.landing.landedCommit).toBe(merge);
    expect(readFileSync(join(ghState, "view.args"), "utf8").split("\n")[0]).toBe(open.landing.prUrl);
  }, 120_000);
});
