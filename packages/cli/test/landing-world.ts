// A real server, a real runner and a real git repository, for tests of the landing commands.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Runner, createRunner } from "@maestro/runner";
import { type RunningServer, startServer } from "@maestro/server";
import type { TaskLanding } from "@maestro/domain";
import { expect } from "vitest";
import type { Io } from "../src/output";
import { runCli } from "../src/program";
import { type GitRepo, createGitRepo } from "./git-repo";
import { until } from "./live";

export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const BIN = fileURLToPath(new URL("../bin/maestro.js", import.meta.url));
const ENDED = ["succeeded", "failed", "cancelled", "interrupted", "timed_out"];

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** What the landing tests read of `task show --json`. */
export interface TaskView {
  id: string;
  key: string;
  status: string;
  landing: TaskLanding;
}

export interface LandingWorld {
  server: RunningServer;
  repo: GitRepo;
  /** Runs the CLI in-process and captures what it prints (`isTTY` as a terminal would be). */
  maestro(argv: string[], options?: { isTTY?: boolean }): Promise<CliResult>;
  /** `maestro <argv> --json`, expecting success. */
  json<T = Record<string, unknown>>(...argv: string[]): Promise<T>;
  /** Waits until the session has ended, and returns it. */
  ended(sessionId: string): Promise<{ status: string; worktreePath: string | null; branch: string | null }>;
  /** `project create` on the world's repository in worktree mode, landing on main; `flags` add to it. */
  createWorktreeProject(name: string, key: string, ...flags: string[]): Promise<void>;
  /** Adds a custom agent `name` that runs `fixtures/<script> {promptFile}`. */
  addFixtureAgent(name: string, script: string): Promise<void>;
  /** Waits until `task show <key>` satisfies `isThere` (`what` names it in a timeout), and returns it. */
  waitForTask(key: string, what: string, isThere: (view: TaskView) => boolean): Promise<TaskView>;
  close(): Promise<void>;
}

export interface LandingWorldOptions {
  withRunner: boolean;
  /** The lander's poll intervals (ServerOptions.landing). */
  landing?: { pollMs?: number; prPollMs?: number };
}

export async function startLandingWorld({ withRunner, landing }: LandingWorldOptions): Promise<LandingWorld> {
  const home = mkdtempSync(join(tmpdir(), "maestro-cli-landing-"));
  const repo = createGitRepo();
  const server = await startServer({ home, host: "127.0.0.1", port: 0, log: () => {}, landing });
  let runner: Runner | undefined;
  if (withRunner) {
    runner = createRunner({
      serverUrl: server.url,
      token: server.runnerToken,
      home: join(home, "runner"),
      maestroBin: BIN,
      log: () => {},
    });
    await runner.start();
  }
  async function maestro(argv: string[], { isTTY = false } = {}): Promise<CliResult> {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY };
    const code = await runCli(argv, io, { MAESTRO_URL: server.url, MAESTRO_TOKEN: server.token });
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
  }
  async function json<T>(...argv: string[]): Promise<T> {
    const result = await maestro([...argv, "--json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as T;
  }
  const ended = (id: string) =>
    until(
      `session ${id} to end`,
      async () => {
        const session = await json<{ status: string; worktreePath: string | null; branch: string | null }>(
          ...["session", "show", id],
        );
        return ENDED.includes(session.status) ? session : undefined;
      },
      20_000,
    );
  async function createWorktreeProject(name: string, key: string, ...flags: string[]) {
    await json(
      ...["project", "create", name, "--dir", repo.dir, "--key", key, "--worktree", "per_task"],
      ...["--target-branch", "main", ...flags],
    );
  }
  async function addFixtureAgent(name: string, script: string) {
    await json("agent", "add", name, "--adapter", "custom", "--command", `${fixture(script)} {promptFile}`);
  }
  const waitForTask = (key: string, what: string, isThere: (view: TaskView) => boolean) =>
    until(
      `${key} ${what}`,
      async () => {
        const view = await json<TaskView>("task", "show", key);
        return isThere(view) ? view : undefined;
      },
      20_000,
    );
  async function close() {
    await runner?.stop();
    await server.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(repo.dir, { recursive: true, force: true });
  }
  return { server, repo, maestro, json, ended, createWorktreeProject, addFixtureAgent, waitForTask, close };
}
