import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { findTaskById, insertSession, updateSession } from "@maestro/db";
import { NO_LANDING, type ProjectSettings, type Task, type TaskLanding } from "@maestro/domain";
import { afterEach } from "vitest";
import { createContextInner } from "../src/context";
import type { RunningServer, ServerOptions } from "../src/main";
import { Dispatcher } from "../src/services/runner/dispatcher";
import { moveTaskForSession } from "../src/services/session/session-writes";
import { changeTask } from "../src/services/task/task-writes";
import { inTransaction } from "../src/services/unit-of-work";
import { makeServerPool, ownerClient } from "./live-server";

/** git in `cwd` with hooks off and a fixed identity unless `anonymous` (as a person's own git would be). */
export function git(cwd: string, args: string[], options: { anonymous?: boolean } = {}): string {
  const identity = options.anonymous ? [] : ["-c", "user.name=Person", "-c", "user.email=person@example.com"];
  return execFileSync("git", ["-c", "core.hooksPath=/dev/null", ...identity, ...args], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: cwd, GIT_CONFIG_NOSYSTEM: "1", LC_ALL: "C" },
  }).trim();
}

const dirs: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `maestro-${prefix}-`));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A pool of live servers for one test file, closed (and the temporary folders deleted) after each test. */
export function makeLanderPool(): LanderPool {
  const pool = makeServerPool();
  afterEach(async () => {
    await pool.cleanup();
    removeTempDirs();
  });
  return pool;
}

export type LanderPool = ReturnType<typeof makeServerPool>;

/** A repository on `main` with one commit of README.md (committer set in the repo's config). */
export function makeRepo(): string {
  const repo = tempDir("repo");
  git(repo, ["init", "-q", "-b", "main"]);
  git(repo, ["config", "user.name", "Person"]);
  git(repo, ["config", "user.email", "person@example.com"]);
  writeFileSync(join(repo, "README.md"), "hello\n");
  git(repo, ["add", "README.md"]);
  git(repo, ["commit", "-q", "-m", "start"]);
  return repo;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** As the runner does: a worktree on a new branch cut from `from`, with one commit of `files` (none if empty). */
export function workInWorktree(repo: string, branch: string, files: Record<string, string>, from = "main") {
  const path = join(tempDir("wt"), "tree");
  git(repo, ["worktree", "add", "-q", "-b", branch, path, from]);
  if (Object.keys(files).length > 0) {
    writeFiles(path, files);
    git(path, ["add", "-A"]);
    git(path, ["commit", "-q", "-m", `work on ${branch}`]);
  }
  return { path, branch, head: git(path, ["rev-parse", "HEAD"]), base: git(repo, ["rev-parse", from]) };
}

export function serverContext(server: Pick<RunningServer, "database" | "events">) {
  return createContextInner({
    database: server.database,
    events: server.events,
    dispatcher: new Dispatcher(server.events),
    actor: "test",
  });
}

/**
 * What the finish of a successful session in worktree mode leaves (helper D's step): a session
 * that ran in the worktree, the task in review with its branch and head, and `landing` patched.
 */
export async function finishInWorktree(
  server: Pick<RunningServer, "database" | "events">,
  task: Task,
  work: { path: string; branch: string; head: string; base: string },
  landing: Partial<TaskLanding> = { landState: "queued" },
): Promise<Task> {
  const ctx = serverContext(server);
  return await inTransaction(ctx, async (tx, record) => {
    const session = await insertSession(tx, {
      projectId: task.projectId,
      taskIds: [task.id],
      agent: "shell",
      role: "worker",
      attempt: 1,
      prompt: "",
      tokenHash: `hash-${task.id}-${Math.random()}`,
      useWorktree: true,
      isQueue: false,
      parentSessionId: null,
    });
    await updateSession(tx, session.id, { status: "succeeded", worktreePath: work.path, branch: work.branch });
    await moveTaskForSession(tx, record, task.id, "in_review");
    const current = (await findTaskById(tx, task.id))!;
    const next = { ...NO_LANDING, branch: work.branch, baseCommit: work.base, headCommit: work.head, ...landing };
    return await changeTask(tx, record, current, { landing: next }, ["landing"]);
  });
}

/** Polls `read` until `isDone` holds (or fails after `timeoutMs`, showing the last value). */
export async function waitFor<T>(
  read: () => Promise<T> | T,
  isDone: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!isDone(last)) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting; last value: ${JSON.stringify(last).slice(0, 2_000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    last = await read();
  }
  return last;
}

/** Waits until the lander has removed a landed task's worktree and deleted every `maestro/` branch. */
export async function waitForCleanup(repo: string, worktreePath: string): Promise<void> {
  await waitFor(
    () => existsSync(worktreePath),
    (exists) => !exists,
  );
  await waitFor(
    () => git(repo, ["branch", "--list", "maestro/*"]),
    (branches) => branches === "",
  );
}

/**
 * A live server whose lander polls every 50 ms, and a project in worktree mode (key LAND) on
 * `repo`; `server` adds to or overrides the server's options.
 */
export async function startLandingProject(
  pool: LanderPool,
  { repo, name, settings, server: serverOptions = {} }: LandingProjectOptions,
) {
  const server = await pool.start({ landing: { pollMs: 50 }, ...serverOptions });
  const client = ownerClient(server);
  const project = await client.project.create.mutate({
    name,
    key: "LAND",
    rootDir: repo,
    settings: { worktreeMode: "per_task", ...settings },
  });
  return { server, client, project };
}

export interface LandingProjectOptions {
  repo: string;
  name: string;
  settings: Partial<ProjectSettings>;
  server?: Partial<ServerOptions>;
}
