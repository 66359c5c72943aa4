import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProjectSettings } from "@maestro/domain";
import { type World, makeWorld } from "./helpers";

/** What the simulated runner does after the agent: the checks' verdict (a failure names its command). */
export type ChecksRun = "none" | "passed" | { failed: string; exitCode: number; output: string };

export interface AgentRun {
  /** Files the agent writes in the worktree (committed, as the runner commits what it left). */
  files?: Record<string, string>;
  checks?: ChecksRun;
  /** The agent's own conversation id, as its output names it. */
  conversation?: string;
  exitCode?: number;
  /** What happens meanwhile, just before the runner reports the finish. */
  beforeFinish?: () => Promise<unknown>;
}

export function git(cwd: string, args: string[]): string {
  return execFileSync("git", ["-c", "core.hooksPath=/dev/null", ...args], { cwd, encoding: "utf8" }).trim();
}

/**
 * A server world on a real repository (branch `main` holding `a.txt`), a project in worktree
 * mode, and a runner simulated through the runner procedures: claim, started, log, finish.
 */
export async function makeLandingWorld(settings: Partial<ProjectSettings> = {}) {
  const world: World = await makeWorld();
  const dir = mkdtempSync(join(tmpdir(), "maestro-landing-"));
  const repo = join(dir, "repo");
  execFileSync("git", ["init", "-q", "-b", "main", repo]);
  git(repo, ["config", "user.email", "test@example.com"]);
  git(repo, ["config", "user.name", "Test"]);
  writeFileSync(join(repo, "a.txt"), "one\ntwo\nthree\n");
  git(repo, ["add", "-A"]);
  git(repo, ["commit", "-qm", "start"]);
  await world.caller.project.create({
    name: "Web",
    rootDir: repo,
    key: "WEB",
    settings: { worktreeMode: "per_task", targetBranch: "main", checks: ["pnpm test"], ...settings },
  });
  await world.caller.agent.add({ name: "claude", adapter: "claude-code", command: ["/bin/echo"] });
  await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });

  /** Claims the next queued session and plays it through, as a runner and its agent would. */
  async function runNext(run: AgentRun = {}) {
    const claim = (await world.caller.runner.claim({ runnerId: "r1" }))!;
    const { session } = claim;
    const lease = { sessionId: session.id, lease: claim.lease };
    const worktreePath = session.worktreePath ?? join(dir, "worktrees", session.id);
    const branch = session.branch ?? `maestro/${claim.taskKey}-${session.attempt}`;
    if (!existsSync(worktreePath)) git(repo, ["worktree", "add", "-q", "-b", branch, worktreePath, "main"]);
    const baseCommit = git(repo, ["merge-base", "main", branch]);
    await world.caller.runner.started({ ...lease, pid: 999999, cwd: worktreePath, worktreePath, branch, baseCommit });
    if (run.conversation) {
      const usage = { type: "usage" as const, costUsd: 0, tokensIn: 1, tokensOut: 1, agentSessionId: run.conversation };
      await world.caller.runner.log({ ...lease, chunks: [{ stream: "stdout", text: "working\n" }], events: [usage] });
    }
    for (const [file, text] of Object.entries(run.files ?? {})) writeFileSync(join(worktreePath, file), text);
    git(worktreePath, ["add", "-A"]);
    git(worktreePath, ["commit", "-qm", "work", "--allow-empty"]);
    const checks = run.checks ?? "passed";
    if (typeof checks === "object") await failCheck(lease, checks);
    const headCommit = git(worktreePath, ["rev-parse", "HEAD"]);
    const changed = git(worktreePath, ["diff", "--name-only", `${baseCommit}..${headCommit}`]);
    await run.beforeFinish?.();
    const finished = await world.caller.runner.finish({
      ...lease,
      exitCode: run.exitCode ?? 0,
      signal: null,
      error: null,
      headCommit,
      checks: typeof checks === "object" ? "failed" : checks,
      changedFiles: changed ? changed.split("\n") : [],
    });
    return { claim, finished, worktreePath, branch, headCommit };
  }

  /** The runner's calls for a check that fails. */
  async function failCheck(lease: { sessionId: string; lease: number }, check: Exclude<ChecksRun, string>) {
    const { id } = await world.caller.runner.checkStarted({ ...lease, command: check.failed });
    const { exitCode, output } = check;
    await world.caller.runner.checkFinished({ ...lease, checkId: id, status: "failed", exitCode, outputTail: output });
  }

  return {
    ...world,
    dir,
    repo,
    runNext,
    close: async () => (await world.close(), rmSync(dir, { recursive: true, force: true })),
  };
}

export type LandingWorld = Awaited<ReturnType<typeof makeLandingWorld>>;
