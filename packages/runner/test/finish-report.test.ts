import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CheckFinishedInput, type FinishInput, type StartedInput } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunnerClient } from "../src/client";
import { isAlive } from "../src/index";
import { superviseSession } from "../src/supervise";
import { shellClaim } from "./shell-claim";

// What a worktree session tells the server: the base it started from, and at its end the commit,
// the files it changes and how its checks went. The server is a stand-in that records the calls
// (what the server does with them is tested with it); git and the agent are real.

let home: string;
let repo: string;
const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "pipe" }).toString().trim();

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "maestro-finish-report-"));
  repo = join(home, "project");
  mkdirSync(repo);
  git("init", "-q", "-b", "main");
  writeFileSync(join(repo, "a.txt"), "a\n");
  git("add", "a.txt");
  git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "a");
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function claimOf(command: string, checks: string[], commandTimeoutSec = 60) {
  return shellClaim({
    command,
    rootDir: repo,
    landing: {
      targetBranch: "main",
      checks,
      worktreeSetup: null,
      taskTitle: "change things",
      baseCommit: null,
      commandTimeoutSec,
    },
  });
}

function recordingServer() {
  const calls = {
    started: [] as StartedInput[],
    finished: [] as FinishInput[],
    checks: [] as Array<Omit<CheckFinishedInput, "sessionId" | "lease">>,
  };
  const client = {
    runner: {
      started: { mutate: (input: StartedInput) => (calls.started.push(input), Promise.resolve({})) },
      log: { mutate: () => Promise.resolve({ lastSeq: 0 }) },
      checkStarted: { mutate: () => Promise.resolve({ id: `check-${calls.checks.length + 1}` }) },
      checkFinished: {
        mutate: ({ sessionId: _s, lease: _l, ...check }: CheckFinishedInput) => (
          calls.checks.push(check),
          Promise.resolve({})
        ),
      },
      finish: { mutate: (input: FinishInput) => (calls.finished.push(input), Promise.resolve({})) },
    },
  } as unknown as RunnerClient;
  return { client, calls };
}

/** Branches `side` and `main` each change a.txt's one line, so merging side into main conflicts. */
function divergeSideFromMain() {
  const commit = (message: string) =>
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", message);
  git("checkout", "-q", "-b", "side");
  writeFileSync(join(repo, "a.txt"), "side\n");
  commit("side");
  git("checkout", "-q", "main");
  writeFileSync(join(repo, "a.txt"), "main\n");
  commit("main");
}

const launch = () => ({ home, binDir: home, source: { PATH: process.env.PATH, HOME: home } });

describe("a worktree session's reports", () => {
  it("start with the base commit and finish with the head commit, the changed files and the checks", async () => {
    const { client, calls } = recordingServer();
    const base = git("rev-parse", "main");
    const claim = claimOf("echo b > b.txt; rm a.txt; mkdir -p 'sp ace'; echo c > 'sp ace/c.txt'", ["true", "exit 4"]);
    await superviseSession(claim, { client, launch: launch(), graceMs: 200, log: () => {} }).done;
    expect(calls.started).toMatchObject([{ branch: "maestro/T-1-1", baseCommit: base }]);
    const head = git("rev-parse", "maestro/T-1-1");
    expect(git("rev-parse", `${head}^`)).toBe(base);
    expect(calls.finished).toEqual([
      expect.objectContaining({ exitCode: 0, error: null, headCommit: head, checks: "failed" }),
    ]);
    expect(calls.finished[0]!.changedFiles!.sort()).toEqual(["a.txt", "b.txt", "sp ace/c.txt"]);
    expect(calls.checks).toEqual([
      { checkId: "check-1", status: "passed", exitCode: 0, outputTail: "" },
      { checkId: "check-2", status: "failed", exitCode: 4, outputTail: "" },
    ]);
  }, 15_000);

  it("finish with no checks and the branch as it is when the agent left nothing uncommitted", async () => {
    const { client, calls } = recordingServer();
    await superviseSession(claimOf("true", []), { client, launch: launch(), graceMs: 200, log: () => {} }).done;
    expect(calls.finished).toEqual([
      expect.objectContaining({ exitCode: 0, headCommit: git("rev-parse", "main"), changedFiles: [], checks: "none" }),
    ]);
  }, 15_000);

  it("carry none of it when the agent failed: nothing is committed or checked", async () => {
    const { client, calls } = recordingServer();
    await superviseSession(claimOf("echo b > b.txt; exit 2", ["true"]), {
      client,
      launch: launch(),
      graceMs: 200,
      log: () => {},
    }).done;
    expect(calls.finished).toEqual([expect.objectContaining({ exitCode: 2 })]);
    expect(calls.finished[0]).not.toHaveProperty("headCommit");
    expect(calls.checks).toEqual([]);
    expect(git("rev-parse", "maestro/T-1-1")).toBe(git("rev-parse", "main"));
  }, 15_000);

  it("report a check that runs past its time limit as failed, its whole group stopped", async () => {
    const { client, calls } = recordingServer();
    const claim = claimOf("true", ['sleep 30 & echo "sleeper $!"; wait'], 1);
    await superviseSession(claim, { client, launch: launch(), graceMs: 200, log: () => {} }).done;
    expect(calls.finished).toEqual([expect.objectContaining({ exitCode: 0, checks: "failed" })]);
    const [check] = calls.checks;
    expect(check).toMatchObject({ status: "failed", exitCode: null });
    expect(check!.outputTail).toMatch(/^sleeper \d+\n\n\[maestro\] timed out after 1 s\n$/);
    expect(isAlive(Number(/sleeper (\d+)/.exec(check!.outputTail)![1]))).toBe(false);
  }, 15_000);

  it("fail the session, committing nothing, when the agent left a merge with unresolved conflicts", async () => {
    divergeSideFromMain();
    const { client, calls } = recordingServer();
    const merge = "git -c user.name=a -c user.email=a@example.com merge side >/dev/null 2>&1; exit 0";
    await superviseSession(claimOf(merge, ["true"]), { client, launch: launch(), graceMs: 200, log: () => {} }).done;
    expect(calls.finished).toEqual([
      expect.objectContaining({
        exitCode: null,
        error:
          "the agent succeeded, but its changes could not be committed: it left a merge with unresolved conflicts in a.txt",
      }),
    ]);
    expect(calls.finished[0]).not.toHaveProperty("headCommit");
    expect(calls.checks).toEqual([]);
    expect(git("rev-parse", "maestro/T-1-1")).toBe(git("rev-parse", "main"));
  }, 15_000);

  it("commits a merge whose conflicts the agent resolved but did not stage", async () => {
    divergeSideFromMain();
    const { client, calls } = recordingServer();
    const resolve =
      "git -c user.name=a -c user.email=a@example.com merge side >/dev/null 2>&1; printf 'main\\nside\\n' > a.txt";
    await superviseSession(claimOf(resolve, ["true"]), { client, launch: launch(), graceMs: 200, log: () => {} }).done;
    expect(calls.finished).toEqual([expect.objectContaining({ exitCode: 0, error: null })]);
    const head = calls.finished[0]!.headCommit!;
    expect(git("rev-list", "--parents", "-n", "1", head).split(" ")).toHaveLength(3);
    expect(git("show", `${head}:a.txt`)).toBe("main\nside");
  }, 15_000);
});
