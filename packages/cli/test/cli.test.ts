import { execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { createMaestroClient } from "../src/client";
import type { Io } from "../src/output";
import { runCli } from "../src/program";
import { useCliServer } from "./cli-server";

const cli = useCliServer("maestro-cli-");

/** Runs the CLI in-process against the test server; no token given, it reads the one in the server's home. */
const maestro = (...argv: string[]) => cli.run(argv, "home");

async function json<T = Record<string, unknown>>(...argv: string[]): Promise<T> {
  const result = await maestro(...argv, "--json");
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

async function taskCount(): Promise<number> {
  const { db } = cli.server.database;
  return await db.orm.$count(db.t.taskTable);
}

/** Every stored task, in id order: what a refused command must leave as it was. */
async function storedTasks(): Promise<string> {
  const { db } = cli.server.database;
  return JSON.stringify(await db.orm.select().from(db.t.taskTable).orderBy(db.t.taskTable.id));
}

describe("maestro project and task", () => {
  it("creates a project and prints it with id and key", async () => {
    const project = await json("project", "create", "Demo", "--dir", "/tmp/demo");
    expect(project).toMatchObject({ key: "DEMO", name: "Demo", rootDir: "/tmp/demo" });
    expect(typeof project.id).toBe("string");
  });

  it("builds a task graph and lists exactly the ready tasks", async () => {
    await json("project", "create", "Graph", "--dir", "/tmp/graph", "--key", "GR");
    const a = await json<{ key: string; id: string }>("task", "create", "A", "--project", "GR");
    const b = await json<{ key: string; dependsOn: string[] }>(
      "task",
      "create",
      "B",
      "--project",
      "GR",
      "--depends-on",
      a.key,
      "--priority",
      "high",
    );
    await json("task", "create", "C", "--project", "GR");
    await json("task", "depend", "GR-3", "--on", "GR-2");
    expect(b.dependsOn).toEqual([a.id]);
    const ready = await json<{ key: string }[]>("task", "list", "--project", "GR", "--ready");
    expect(ready.map((t) => t.key)).toEqual(["GR-1"]);
    const done = await json<{ status: string; version: number }>("task", "update", "GR-1", "--status", "done");
    expect(done).toMatchObject({ status: "done", version: 2 });
    expect((await json<{ key: string }[]>("task", "list", "--project", "GR", "--ready")).map((t) => t.key)).toEqual([
      "GR-2",
    ]);
    const shown = await json<{ key: string; title: string }>("task", "show", "gr-2");
    expect(shown).toMatchObject({ key: "GR-2", title: "B" });
  });

  it("prints readable tables and details for people", async () => {
    const list = await maestro("task", "list", "--project", "GR");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/KEY\s+STATUS\s+PRIORITY\s+TITLE/);
    expect(list.stdout).toMatch(/GR-2\s+todo\s+high\s+B\s+—\s+GR-1/);
    const show = await maestro("task", "show", "GR-3");
    expect(show.stdout).toMatch(/depends on\s+GR-2/);
    const empty = await maestro("task", "list", "--project", "DEMO");
    expect(empty.stdout).toMatch(/No tasks/);
  });

  it.each([
    ["an empty title", ["task", "create", " ", "--project", "GR"], /title: must not be empty/],
    [
      "a 100 KB title",
      ["task", "create", "x".repeat(100_000), "--project", "GR"],
      /title: must be at most 500 characters/,
    ],
    ["an unknown project", ["task", "create", "t", "--project", "NOPE"], /project "NOPE" not found/],
    ["an unknown task", ["task", "update", "GR-99", "--status", "done"], /task "GR-99" not found/],
    ["a cycle", ["task", "depend", "GR-1", "--on", "GR-3"], /dependency cycle: GR-1 → GR-3 → GR-2 → GR-1/],
    [
      "a stale version",
      ["task", "update", "GR-2", "--title", "x", "--if-version", "1"],
      /GR-2 was changed by someone else/,
    ],
  ])("refuses %s with one line on stderr and exit code 1, changing nothing", async (_name, argv, message) => {
    await json("task", "update", "GR-2", "--description", `edited ${Math.random()}`); // GR-2's version is now > 1
    const before = await storedTasks();
    const result = await maestro(...argv);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(await storedTasks()).toBe(before);
  });

  it("refuses a dependency on another project's task", async () => {
    await json("task", "create", "Elsewhere", "--project", "DEMO");
    const result = await maestro("task", "depend", "GR-1", "--on", "DEMO-1");
    expect(result).toMatchObject({ code: 1 });
    expect(result.stderr).toMatch(/DEMO-1 belongs to another project/);
  });

  it("exits 2 on usage errors", async () => {
    const count = await taskCount();
    expect((await maestro("task", "create")).code).toBe(2);
    expect((await maestro("task", "depend", "GR-1")).code).toBe(2);
    expect((await maestro("task", "frobnicate")).code).toBe(2);
    expect((await maestro("task", "update", "GR-1", "--if-version", "abc")).code).toBe(2);
    const status = await maestro("task", "update", "GR-2", "--status", "doing");
    expect(status).toMatchObject({ code: 2, stdout: "" });
    expect(status.stderr).toMatch(
      /^error: option '--status <status>' argument 'doing' is invalid\. must be one of todo,/,
    );
    expect((await maestro("task", "list")).code).toBe(2);
    expect(await taskCount()).toBe(count);
  });

  it("explains an unreachable server", async () => {
    const out: string[] = [];
    const io: Io = { out: () => {}, err: (t) => out.push(t), isTTY: false };
    const code = await runCli(["project", "list"], io, {
      MAESTRO_URL: "http://127.0.0.1:1",
      MAESTRO_TOKEN: "t".repeat(32),
    });
    expect(code).toBe(1);
    expect(out.join("")).toMatch(/cannot reach Maestro at http:\/\/127\.0\.0\.1:1 .*maestro serve/);
  });
});

describe("maestro agent, task run and session", () => {
  it("adds a custom agent from an argv template and lists it", async () => {
    const agent = await json<{ command: string[] }>(
      "agent",
      "add",
      "echoer",
      "--adapter",
      "custom",
      "--command",
      '/bin/echo "got it" {promptFile}',
      "--env",
      "OPENAI_API_KEY",
    );
    expect(agent).toMatchObject({ command: ["/bin/echo", "got it", "{promptFile}"], envAllowlist: ["OPENAI_API_KEY"] });
    const list = await maestro("agent", "list");
    expect(list.stdout).toMatch(/echoer\s+custom/);
    expect(list.stdout).toMatch(/claude-code\s+claude-code/);
    const bad = await maestro("agent", "add", "nocmd", "--adapter", "custom");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/command: is required for the custom adapter/);
    // A placeholder only as a whole element, and never the prompt itself (it goes on stdin).
    const embedded = await maestro("agent", "add", "inj", "--adapter", "custom", "--command", "sh -c 'a {promptFile}'");
    expect(embedded).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/"a \{promptFile\}" embeds \{promptFile\}/),
    });
    const inline = await maestro("agent", "add", "inj", "--adapter", "custom", "--command", "./a.sh {prompt}");
    expect(inline.stderr).toMatch(/uses \{prompt\}, which is no longer supported/);
  });

  it("starts a session on a task, lists, shows and stops it", async () => {
    await json("project", "create", "Run", "--dir", cli.home, "--key", "RUN");
    await json("task", "create", "Do it", "--project", "RUN");
    const session = await json<{ id: string; status: string; agent: string; taskIds: string[] }>(
      "task",
      "run",
      "RUN-1",
      "--agent",
      "echoer",
    );
    expect(session).toMatchObject({ status: "queued", agent: "echoer" });
    const again = await maestro("task", "run", "RUN-1", "--agent", "echoer");
    expect(again).toMatchObject({ code: 1 });
    expect(again.stderr).toMatch(/RUN-1 already has a queued session/);
    const list = await maestro("session", "list", "--project", "RUN");
    expect(list.stdout).toMatch(new RegExp(`${session.id.slice(0, 8)}\\s+queued\\s+RUN-1\\s+echoer`));
    const shown = await json<{ id: string }>("session", "show", session.id.slice(0, 8));
    expect(shown.id).toBe(session.id);
    const stopped = await json<{ status: string }>("session", "stop", session.id.slice(0, 8));
    expect(stopped).toMatchObject({ status: "cancelled", endReason: "stopped", stoppedBy: "owner" });
    // Why it ended: a column of session list (and a filter), a line of session show and of task why.
    const byReason = await maestro("session", "list", "--project", "RUN", "--end-reason", "stopped");
    expect(byReason.stdout).toMatch(new RegExp(`${session.id.slice(0, 8)}\\s+cancelled\\s.*stopped by owner`));
    expect(await json<unknown[]>("session", "list", "--project", "RUN", "--end-reason", "failed,spawn_failed")).toEqual(
      [],
    );
    expect((await maestro("session", "show", session.id.slice(0, 8))).stdout).toMatch(
      /end reason\s+stopped by owner \(stopped\)/,
    );
    expect((await maestro("task", "why", "RUN-1")).stdout).toMatch(
      new RegExp(`^last session ${session.id.slice(0, 8)}: stopped by owner$`, "m"),
    );
    // Resumed: the new session says which one it continues, and why.
    const resumed = await json<{ id: string; resumedFromId: string }>("session", "resume", session.id.slice(0, 8));
    expect(resumed.resumedFromId).toBe(session.id);
    const detail = await maestro("session", "show", resumed.id.slice(0, 8));
    expect(detail.stdout).toMatch(new RegExp(`resumes\\s+session ${session.id.slice(0, 8)}: it was stopped`));
    await maestro("session", "stop", resumed.id.slice(0, 8));
  });

  it("refuses to run with a missing command, naming it", async () => {
    await json("agent", "add", "ghost", "--adapter", "custom", "--command", "/no/such/agent {promptFile}");
    const result = await maestro("task", "run", "RUN-1", "--agent", "ghost");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/runs "\/no\/such\/agent", which is not an executable/);
  });

  it("needs a session to report from", async () => {
    const result = await maestro("report", "done", "all good");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/MAESTRO_SESSION_ID is not set/);
  });
});

describe("maestro session logs", () => {
  /** A session of the shell agent claimed and started by a stand-in runner, which writes its log. */
  async function startedSession(key: string) {
    await json("project", "create", "Logs", "--dir", cli.home, "--key", key);
    await json("task", "create", "Talk", "--project", key, "--command", "true");
    const session = await json<{ id: string }>("task", "run", `${key}-1`, "--agent", "shell");
    const client = createMaestroClient({ url: cli.server.url, token: cli.server.runnerToken });
    const claim = (await client.runner.claim.mutate({ runnerId: "r-logs" }))!;
    expect(claim.session.id).toBe(session.id);
    const held = { sessionId: session.id, lease: claim.lease };
    await client.runner.started.mutate({ ...held, pid: process.pid, cwd: cli.home, worktreePath: null, branch: null });
    return {
      id: session.id,
      write: (stream: "stdout" | "stderr", text: string) =>
        client.runner.log.mutate({ ...held, chunks: [{ stream, text }] }),
      finish: () => client.runner.finish.mutate({ ...held, exitCode: 0, signal: null, error: null }),
    };
  }

  it("follows the output live until the session ends, each chunk once and in order", { timeout: 20_000 }, async () => {
    const session = await startedSession("LOGF");
    await session.write("stdout", "one\n");
    const out: string[] = [];
    const io: Io = { out: (t) => out.push(t), err: () => {}, isTTY: false };
    const following = runCli(["session", "logs", session.id.slice(0, 8), "--follow", "--json"], io, {
      MAESTRO_URL: cli.server.url,
      MAESTRO_HOME: cli.home,
    });
    await vi.waitFor(() => expect(out).toHaveLength(1), { timeout: 10_000 });
    await session.write("stderr", "two\n");
    await session.write("stdout", "three\n");
    await session.finish();
    expect(await following).toBe(0);
    const chunks = out.map((line) => JSON.parse(line) as { seq: number; stream: string; text: string });
    expect(chunks.map(({ seq, stream, text }) => [seq, stream, text])).toEqual([
      [1, "stdout", "one\n"],
      [2, "stderr", "two\n"],
      [3, "stdout", "three\n"],
    ]);
  });

  it("prints an ended session's whole output, and --follow says how it ended", { timeout: 20_000 }, async () => {
    const session = await startedSession("LOGE");
    await session.write("stdout", "alpha\n");
    await session.write("stdout", "beta\n");
    await session.finish();
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((text) => (written.push(String(text)), true));
    try {
      expect((await maestro("session", "logs", session.id)).code).toBe(0);
      const followed = await maestro("session", "logs", session.id, "--follow");
      expect(followed.code).toBe(0);
      expect(followed.stderr).toMatch(new RegExp(`session ${session.id.slice(0, 8)} \\w+ \\(exit 0\\)`));
    } finally {
      write.mockRestore();
    }
    expect(written).toEqual(["alpha\nbeta\n", "alpha\nbeta\n"]);
  });

  it("prints an agent's colours but none of its other escape sequences; --json keeps the text", async () => {
    const session = await startedSession("LOGX");
    const hostile = "\x1b]52;c;Y3VybCBldmlsfHNo\x07\x1b]0;pwned\x1b\\\x1b[2A\x1b[2J\x1b[32mgreen\x1b[0m\n";
    await session.write("stdout", hostile);
    await session.finish();
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((text) => (written.push(String(text)), true));
    try {
      expect((await maestro("session", "logs", session.id)).code).toBe(0);
      expect((await maestro("session", "logs", session.id, "--follow")).code).toBe(0);
    } finally {
      write.mockRestore();
    }
    expect(written).toEqual(["\x1b[32mgreen\x1b[0m\n", "\x1b[32mgreen\x1b[0m\n"]);
    const stored = await json<Array<{ text: string }>>("session", "logs", session.id);
    expect(stored.map((chunk) => chunk.text)).toEqual([hostile]);
  });
});

describe("maestro autopilot and task why", () => {
  it("starts, explains every task, queues behind the limit, and pauses", async () => {
    await json("project", "create", "Auto", "--dir", cli.home, "--key", "AP");
    await json(
      "task",
      "create",
      "First",
      "--project",
      "AP",
      "--command",
      "true",
      "--priority",
      "high",
      "--touches",
      "src/**",
    );
    await json("task", "create", "Second", "--project", "AP", "--command", "true", "--max-attempts", "3");
    const third = await json<{ key: string }>(
      "task",
      "create",
      "Third",
      "--project",
      "AP",
      "--command",
      "true",
      "--depends-on",
      "AP-1",
    );
    expect((await json<{ text: string }>("task", "why", third.key)).text).toBe("waiting for AP-1");
    expect((await json<{ text: string }>("task", "why", "AP-2")).text).toBe(
      "ready; autopilot is off (run it, or start autopilot)",
    );

    const started = await json<{ state: string; maxConcurrent: number }>(
      "autopilot",
      "start",
      "AP",
      "--max-concurrent",
      "1",
    );
    expect(started).toMatchObject({ state: "on", maxConcurrent: 1 });
    // The scheduler starts AP-1 (high priority) as a session; no runner here, so it stays queued.
    for (let i = 0; i < 100 && (await json<unknown[]>("session", "list", "--project", "AP")).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await json<{ text: string }>("task", "why", "AP-1")).text).toMatch(
      /^running \(session [0-9a-f]{8}, queued\)$/,
    );
    expect((await json<{ text: string }>("task", "why", "AP-2")).text).toBe("project concurrency limit (1/1 busy)");
    const status = await maestro("autopilot", "status", "AP");
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/autopilot\s+on/);
    expect(status.stdout).toMatch(/AP-2.*Second.*project concurrency limit \(1\/1 busy\)/);
    expect(status.stdout).toMatch(/AP-3\s+waiting for AP-1/);

    await json("autopilot", "pause", "AP");
    expect((await json<{ text: string }>("task", "why", "AP-2")).text).toBe("ready; autopilot is paused");
    const shown = await maestro("task", "show", "AP-2");
    expect(shown.stdout).toMatch(/attempts\s+0 failed of 3 allowed/);
  });

  it("regression: project update changes only the settings named", async () => {
    await json("project", "update", "AP", "--concurrency", "5", "--default-agent", "shell");
    const updated = await json<{ settings: Record<string, unknown> }>(
      "project",
      "update",
      "AP",
      "--max-attempts",
      "3",
      "--retry-base",
      "5",
    );
    expect(updated.settings).toMatchObject({
      concurrencyLimit: 5,
      defaultAgent: "shell",
      maxAttempts: 3,
      retryBaseSec: 5,
      retryMaxSec: 900,
    });
    const bad = await maestro("project", "update", "AP", "--worktree", "sometimes");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      `error: option '--worktree <mode>' argument 'sometimes' is invalid. must be one of off, per_task (got "sometimes")`,
    );
    const attempts = await maestro("task", "create", "x", "--project", "AP", "--max-attempts", "0");
    expect(attempts).toMatchObject({ code: 1, stderr: "error: maxAttempts: must be at least 1" });
  });

  it("sets a stall limit on a task and on a project with --stall-sec", async () => {
    const task = await json<{ key: string; stallSec: number | null }>(
      "task",
      "create",
      "quiet one",
      "--project",
      "AP",
      "--stall-sec",
      "120",
    );
    expect(task.stallSec).toBe(120);
    const updated = await json<{ stallSec: number | null }>("task", "update", task.key, "--stall-sec", "300");
    expect(updated.stallSec).toBe(300);
    const project = await json<{ settings: Record<string, unknown> }>("project", "update", "AP", "--stall-sec", "600");
    expect(project.settings).toMatchObject({ stallSec: 600 });
  });

  it("refuses bad input with one clear line and exit 1", async () => {
    const unknown = await maestro("autopilot", "start", "NOPE");
    expect(unknown).toMatchObject({ code: 1, stderr: 'error: project "NOPE" not found' });
    const badLimit = await maestro("autopilot", "start", "AP", "--max-concurrent", "0");
    expect(badLimit.code).toBe(1);
    expect(badLimit.stderr).toMatch(/maxConcurrent: must be at least 1/);
    await json("task", "update", "AP-3", "--status", "done");
    const retry = await maestro("task", "retry", "AP-3");
    expect(retry).toMatchObject({
      code: 1,
      stderr: "error: AP-3 is done: only a failed, blocked, cancelled or in-review task can be retried",
    });
  });
});

describe("the maestro executable", { timeout: 30_000 }, () => {
  const exec = promisify(execFile);
  const bin = fileURLToPath(new URL("../bin/maestro.js", import.meta.url));
  // No token anywhere but the file the server wrote into its home.
  const options = () => ({ env: { ...process.env, MAESTRO_HOME: cli.home, MAESTRO_TOKEN: undefined } });

  it("prints only JSON on stdout and exits 0", async () => {
    const { stdout } = await exec(
      process.execPath,
      [bin, "project", "list", "--json", "--url", cli.server.url],
      options(),
    );
    const projects = JSON.parse(stdout) as { key: string }[];
    expect(projects.map((p) => p.key)).toContain("DEMO");
  });

  it("exits 1 with one error line for a refused request", async () => {
    const failure = await exec(
      process.execPath,
      [bin, "task", "show", "NOPE-1", "--url", cli.server.url],
      options(),
    ).catch((error: { code: number; stderr: string; stdout: string }) => error);
    expect(failure).toMatchObject({ code: 1, stdout: "" });
    expect((failure as { stderr: string }).stderr.trim()).toBe('error: task "NOPE-1" not found');
  });

  it("regression: exits quietly when its reader closes the pipe early (maestro … | head)", async () => {
    const child = spawn(process.execPath, [bin, "agent", "add", "--help"], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (bytes: Buffer) => (stderr += bytes.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
