import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProjectSettings, Session } from "@maestro/domain";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isAlive } from "../src/index";
import { type World, fixture, startWorld } from "./world";

// A worktree session end to end with a real server, runner and git: where its branch starts,
// what runs before and after its agent, and what is committed. The project directory has
// another branch checked out than the target, and hooks that must never fire.

let world: World;
let userHome: string;
const savedHome = process.env.HOME;
const hookMarker = () => join(world.home, "hook-ran");

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, stdio: "pipe" }).toString().trim();
const inRepo = (...args: string[]) => git(world.rootDir, ...args);
const commitAll = (message: string) =>
  inRepo("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", message);

function writeRepo(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(world.rootDir, name), text);
  inRepo("add", "--all");
}

/** main (the target), side (one commit off main) and other (checked out in the project directory). */
function makeRepository(): void {
  inRepo("init", "-q", "-b", "main");
  writeRepo({ "main.txt": "main\n", ".gitignore": ".cache/\n" });
  commitAll("main");
  inRepo("checkout", "-q", "-b", "side");
  writeRepo({ "side.txt": "side\n" });
  commitAll("side");
  inRepo("checkout", "-q", "-b", "other", "main");
  writeRepo({ "other.txt": "other\n" });
  commitAll("other");
  for (const hook of ["post-checkout", "pre-commit", "commit-msg", "post-commit"]) {
    const path = join(world.rootDir, ".git", "hooks", hook);
    writeFileSync(path, `#!/bin/sh\necho "${hook}" >> '${hookMarker()}'\n`);
    chmodSync(path, 0o755);
  }
}

beforeAll(async () => {
  // No git identity anywhere but what a test configures in the repository.
  userHome = mkdtempSync(join(tmpdir(), "maestro-landing-user-"));
  process.env.HOME = userHome;
  world = await startWorld();
  await world.client.agent.add.mutate({ name: "leftover", adapter: "custom", command: [fixture("leftover-agent.sh")] });
  await world.client.agent.add.mutate({
    name: "merging",
    adapter: "custom",
    command: [fixture("merging-agent.sh"), "side"],
  });
  await world.client.agent.add.mutate({
    name: "setup-probe",
    adapter: "custom",
    command: [fixture("setup-probe-agent.sh")],
  });
  makeRepository();
});

afterAll(async () => {
  await world?.close();
  process.env.HOME = savedHome;
  rmSync(userHome, { recursive: true, force: true });
});

beforeEach(() => rmSync(hookMarker(), { force: true }));

async function configure(settings: Partial<ProjectSettings>): Promise<void> {
  await world.client.project.update.mutate({
    id: "RUN",
    settings: { targetBranch: "main", checks: [], worktreeSetup: null, ...settings },
  });
}

/** Runs `agent` on a new task in a worktree and waits for its session to end. */
async function runInWorktree(agent: string, title: string, timeoutMs?: number) {
  const task = await world.client.task.create.mutate({ projectId: "RUN", title });
  const started = await world.client.session.start.mutate({ taskIds: [task.id], agent, worktree: true });
  const session = await world.waitForEnd(started.id, timeoutMs);
  return { session, task: await world.client.task.byId.query({ id: task.id }) };
}

const tipOf = (ref: string) => inRepo("rev-parse", "--verify", `${ref}^{commit}`);
const branchExists = (branch: string) => {
  try {
    tipOf(`refs/heads/${branch}`);
    return true;
  } catch {
    return false;
  }
};

describe("a worktree session", { timeout: 30_000 }, () => {
  it("cuts its branch from the target branch's tip, not from what the project directory has checked out", async () => {
    await configure({});
    const { session, task } = await runInWorktree("leftover", "start from main");
    expect(session).toMatchObject({ status: "succeeded", branch: `maestro/${task.key}-1` });
    expect(inRepo("rev-parse", "--abbrev-ref", "HEAD")).toBe("other");
    const stdout = await world.logText(session.id, "stdout");
    expect(stdout).toContain("has main.txt");
    expect(stdout).not.toContain("has other.txt");
    expect(task.landing).toMatchObject({ branch: session.branch, baseCommit: tipOf("main") });
    expect(tipOf(`${session.branch}^`)).toBe(tipOf("main"));
  });

  it("commits what the agent left uncommitted, as Maestro where no identity is configured, and task diff shows it", async () => {
    await configure({});
    const { session, task } = await runInWorktree("leftover", "leave it uncommitted");
    const head = tipOf(session.branch!);
    expect(git(session.worktreePath!, "status", "--porcelain")).toBe("");
    expect(inRepo("log", "-1", "--format=%an <%ae>%n%B", head)).toBe(
      `Maestro <maestro@localhost>\n${task.key}: leave it uncommitted\n\nChanges left uncommitted by Maestro session ${session.id}.`,
    );
    expect(await world.logText(session.id, "system")).toBe(
      `[maestro] committed what the agent left uncommitted: ${head.slice(0, 12)}\n`,
    );
    const diff = await world.client.task.diff.query({ id: task.id });
    expect(diff).toMatchObject({ head, base: task.landing.baseCommit });
    expect(diff.files.map((file) => [file.path, file.status])).toEqual([
      ["main.txt", "modified"],
      ["src/new.txt", "added"],
    ]);
    expect(diff.patch).toContain("+new work");
  });

  it("commits as the repository's own identity when it has one", async () => {
    await configure({});
    inRepo("config", "user.name", "Repo Person");
    inRepo("config", "user.email", "person@example.com");
    try {
      const { session } = await runInWorktree("leftover", "commit as the repository says");
      expect(inRepo("log", "-1", "--format=%an <%ae>", session.branch!)).toBe("Repo Person <person@example.com>");
    } finally {
      inRepo("config", "--unset", "user.name");
      inRepo("config", "--unset", "user.email");
    }
  });

  it("never runs the repository's hooks (they are live: git run by hand fires them)", async () => {
    await configure({});
    const { session } = await runInWorktree("leftover", "no hooks");
    expect(inRepo("rev-list", "--count", `${tipOf("main")}..${session.branch!}`)).toBe("1");
    expect(existsSync(hookMarker())).toBe(false);
    git(session.worktreePath!, "checkout", "-q", "--detach");
    expect(readFileSync(hookMarker(), "utf8")).toBe("post-checkout\n");
  });

  it("completes a merge the agent left in progress", async () => {
    await configure({});
    const { session, task } = await runInWorktree("merging", "merge side");
    expect([session.status, await world.logText(session.id, "stdout")]).toEqual([
      "succeeded",
      "merge left in progress\n",
    ]);
    const head = tipOf(session.branch!);
    expect(inRepo("log", "-1", "--format=%P%n%s", head)).toBe(
      `${task.landing.baseCommit} ${tipOf("side")}\n${task.key}: merge side`,
    );
    expect(existsSync(join(session.worktreePath!, "side.txt"))).toBe(true);
  });

  it("runs the project's worktree setup before the agent, logged in the session", async () => {
    await configure({ worktreeSetup: "mkdir -p .cache && echo ready > .cache/setup && echo setting up" });
    const { session } = await runInWorktree("leftover", "after a setup");
    expect(session.status).toBe("succeeded");
    const log = await world.logText(session.id);
    expect(log).toContain("[maestro] setup: mkdir -p .cache");
    expect(log).toMatch(/setting up\n[^]*\[maestro\] setup passed[^]*set up: ready/);
    // The set-up's output is ignored by the repository: it is not part of the task's work.
    expect(inRepo("show", "--name-only", "--format=", session.branch!)).toBe("main.txt\nsrc/new.txt");
  });

  it("sets up a continuing session's worktree only when its folder had to be added again", async () => {
    await configure({ worktreeSetup: "mkdir -p .cache && echo ready > .cache/setup" });
    const { session: first } = await runInWorktree("setup-probe", "set up again");
    expect(await world.logText(first.id, "stdout")).toBe("set up: ready\n");
    rmSync(first.worktreePath!, { recursive: true, force: true });
    const second = await world.waitForEnd((await world.client.session.resume.mutate({ id: first.id })).id);
    expect(second).toMatchObject({ worktreePath: first.worktreePath, branch: first.branch });
    expect(await world.logText(second.id, "stdout")).toBe("set up: ready\n");
    expect(await world.logText(second.id, "system")).toContain("[maestro] setup: mkdir -p .cache");
    const third = await world.waitForEnd((await world.client.session.resume.mutate({ id: second.id })).id);
    expect(await world.logText(third.id)).toBe("set up: ready\n");
  });

  it("fails the session when its worktree setup fails, naming the command and exit code, leaving nothing behind", async () => {
    await configure({ worktreeSetup: "echo broken >&2; exit 7" });
    const { session, task } = await runInWorktree("leftover", "broken setup");
    expect(session).toMatchObject({ status: "failed", pid: null });
    expect(session.error).toBe("the worktree setup command failed (exit code 7): echo broken >&2; exit 7");
    expect(await world.logText(session.id, "stderr")).toBe("broken\n");
    expect(existsSync(join(world.home, "worktrees", session.id))).toBe(false);
    expect(branchExists(`maestro/${task.key}-1`)).toBe(false);
  });
});

describe("the project's checks", { timeout: 30_000 }, () => {
  it("run in order in the worktree after the agent; each is recorded; the first failure stops the rest", async () => {
    await configure({ checks: ["echo first ok", "echo second fails >&2; exit 3", "touch third-ran"] });
    const { session, task } = await runInWorktree("leftover", "checked");
    // The agent succeeded, its attempt did not: the session's error names the check.
    expect(session).toMatchObject({ status: "failed", error: "check `echo second fails >&2; exit 3` failed (exit 3)" });
    // Newest first, as the API pages them; the runs read in the order they ran.
    const checks = (await world.client.task.checks.query({ id: task.id })).items.reverse();
    expect(checks).toMatchObject([
      { command: "echo first ok", status: "passed", exitCode: 0, outputTail: "first ok\n", sessionId: session.id },
      { command: "echo second fails >&2; exit 3", status: "failed", exitCode: 3, outputTail: "second fails\n" },
    ]);
    expect(checks.every((check) => check.endedAt !== null)).toBe(true);
    expect(existsSync(join(session.worktreePath!, "third-ran"))).toBe(false);
    expect(task.landing.checksState).toBe("failed");
    const events = (await world.allEvents()).filter(
      (event) => event.kind === "task.checked" && event.entityId === task.id,
    );
    expect(events.map((event) => event.kind === "task.checked" && event.payload.check.status)).toEqual([
      "running",
      "passed",
      "running",
      "failed",
    ]);
    const log = await world.logText(session.id, "system");
    expect(log).toContain("[maestro] check: echo first ok\n[maestro] check passed: echo first ok\n");
    expect(log).toContain("[maestro] check failed (exit code 3): echo second fails >&2; exit 3\n");
  });

  it("run on the committed work, and all of them when they pass", async () => {
    await configure({ checks: ["git diff --quiet HEAD && test -f src/new.txt", "echo fine"] });
    const { session, task } = await runInWorktree("leftover", "all pass");
    const checks = (await world.client.task.checks.query({ id: task.id })).items.reverse();
    expect(checks.map((check) => [check.status, check.exitCode])).toEqual([
      ["passed", 0],
      ["passed", 0],
    ]);
    expect(session.status).toBe("succeeded");
  });

  it("are killed, their whole process group, when the session is stopped during one", async () => {
    await configure({ checks: ['sleep 300 & echo "sleeper $!"; wait', "touch next-ran"] });
    const task = await world.client.task.create.mutate({ projectId: "RUN", title: "stopped while checking" });
    const started = await world.client.session.start.mutate({ taskIds: [task.id], agent: "leftover", worktree: true });
    const log = await world.waitFor(
      () => world.logText(started.id),
      (text) => /sleeper \d+/.test(text),
    );
    const sleeper = Number(/sleeper (\d+)/.exec(log)![1]);
    await world.client.session.stop.mutate({ id: started.id });
    const session: Session = await world.waitForEnd(started.id);
    expect(session.status).toBe("cancelled");
    expect(isAlive(sleeper)).toBe(false);
    const checks = (await world.client.task.checks.query({ id: task.id })).items.reverse();
    expect(checks).toMatchObject([{ status: "failed", exitCode: null }]);
    expect(existsSync(join(session.worktreePath!, "next-ran"))).toBe(false);
    expect(await world.logText(session.id, "system")).toMatch(/stopping the check/);
  });
});
