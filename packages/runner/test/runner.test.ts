import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLAUDE_MCP_ALLOWED_TOOLS } from "@maestro/domain";
import { BASE_ENV_NAMES, isAlive } from "../src/index";
import { editRunOutputs } from "./real-agents/codex-edit-run";
import { type World, fixture, startWorld } from "./world";

const CANARY = `canary-${randomBytes(8).toString("hex")}`;
let world: World;

beforeAll(async () => {
  // The runner's own environment holds a secret no agent was allowed to see.
  process.env.MAESTRO_CANARY_SECRET = CANARY;
  process.env.MAESTRO_TEST_ALLOWED = "visible-value";
  // Heartbeats and the claim poll a minute away: what happens sooner came from a wake-up.
  world = await startWorld({ heartbeatMs: 60_000, pollMs: 60_000 });
  const add = (name: string, command: string[], envAllowlist: string[] = []) =>
    world.client.agent.add.mutate({ name, adapter: "custom", command, envAllowlist });
  await add("plain", [fixture("plain-agent.sh"), "{promptFile}"]);
  await add("failing", [fixture("failing-agent.sh")]);
  await add("tree", [fixture("tree-agent.sh")]);
  await add("flood", [fixture("flood-agent.mjs"), "210000"]);
  await add("env", [fixture("env-agent.mjs")], ["MAESTRO_TEST_ALLOWED"]);
  await add("where", [fixture("where-agent.sh")]);
  await add("unfinished", [fixture("unfinished-agent.sh")]);
  await add("bad-interpreter", [fixture("bad-interpreter-agent.sh")]);
  await add("ghost", ["/no/such/agent"]);
  await add("escaping", [fixture("escaping-agent.sh"), join(world.home, "escaped.pid")]);
  // The built-in adapters' own argv, with a fake in place of the real tool.
  await world.client.agent.add.mutate({
    name: "fake-claude",
    adapter: "claude-code",
    command: [fixture("fake-claude.mjs")],
    model: "opus",
  });
  await world.client.agent.add.mutate({ name: "fake-codex", adapter: "codex", command: [fixture("fake-codex.mjs")] });
  await world.client.agent.add.mutate({
    name: "fake-codex-reconnecting",
    adapter: "codex",
    command: [fixture("fake-codex.mjs"), "--transcript", "reconnect"],
  });
});

afterAll(async () => {
  await world?.close();
  delete process.env.MAESTRO_CANARY_SECRET;
  delete process.env.MAESTRO_TEST_ALLOWED;
});

// Real agent processes: each test's timeout is well above its own waits (10 s unless it says).
describe("the runner", { timeout: 30_000 }, () => {
  it(
    "reads Claude Code's stream-json: messages, tools and edits become events; cost and tokens roll up",
    { timeout: 60_000 },
    async () => {
      // fake-claude.mjs replays a transcript of the real CLI (fixtures/claude-code/success.jsonl).
      const session = await world.runTask("fake-claude", "write the notes");
      const ended = await world.waitForEnd(session.id, 25_000);
      expect(ended).toMatchObject({
        status: "succeeded",
        exitCode: 0,
        tokensIn: 8000,
        tokensOut: 450,
        lastReport: "wrote notes.md",
      });
      expect(ended.costUsd).toBeCloseTo(0.041, 10);
      expect(ended.agentSessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect((await world.client.task.byId.query({ id: session.taskIds[0]! })).status).toBe("done");
      const outputs = await world.outputsOf(session.id);
      expect(outputs).toEqual([
        { type: "message", text: "I'll write the notes." },
        { type: "tool_use", tool: "Write", summary: join(world.rootDir, "notes.md") },
        { type: "file_edit", path: join(world.rootDir, "notes.md") },
        { type: "tool_use", tool: "Bash", summary: 'maestro report done "wrote notes.md"' },
        { type: "message", text: "Wrote notes.md and reported done." },
      ]);
      // The raw stream-json is kept in the log too, line for line.
      expect(
        (await world.logText(session.id, "stdout"))
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line).type),
      ).toEqual(["system", "assistant", "assistant", "user", "assistant", "user", "assistant", "result"]);
      const costs = await world.client.session.costs.query({ projectId: "RUN" });
      expect(costs.items.find((row) => row.taskId === session.taskIds[0])).toMatchObject({
        costUsd: expect.closeTo(0.041, 10),
        tokensIn: 8000,
        tokensOut: 450,
      });
      const manifest = await world.client.session.manifest.query({ id: session.id });
      expect(manifest.argv).toEqual([
        fixture("fake-claude.mjs"),
        "-p",
        "--output-format",
        "stream-json",
        "--verbose",
        "--model",
        "opus",
        "--permission-mode",
        "acceptEdits",
        `--allowedTools=${["Bash(maestro *)", ...CLAUDE_MCP_ALLOWED_TOOLS].join(",")}`,
        "--mcp-config",
        join(world.home, "sessions", session.id, "mcp.json"),
        "--strict-mcp-config",
      ]);
      expect(manifest.argv?.join("\n")).not.toContain("write the notes");
      // Claude Code's MCP config: Maestro's stdio server, no secret in it (the token comes from the environment).
      const mcpConfig = join(world.home, "sessions", session.id, "mcp.json");
      expect(JSON.parse(readFileSync(mcpConfig, "utf8"))).toEqual({
        mcpServers: { maestro: { type: "stdio", command: "maestro", args: ["mcp", "--tools", "core"] } },
      });
      expect(statSync(mcpConfig).mode & 0o777).toBe(0o600);
      expect(manifest.envNames).toEqual(expect.arrayContaining(["MAESTRO_TOKEN", "MAESTRO_SESSION_ID", "PATH"]));
      expect(JSON.stringify(manifest)).not.toContain(CANARY);
    },
  );

  it(
    "reads Codex's JSON events (a captured real transcript); an agent that exits 0 without reporting done leaves its task in review",
    { timeout: 60_000 },
    async () => {
      const session = await world.runTask("fake-codex", "make the app");
      const ended = await world.waitForEnd(session.id, 25_000);
      expect(ended).toMatchObject({
        status: "succeeded",
        // Codex reports tokens only: priced at its default model's list price (gpt-6.2-sol),
        // the 1,000 cached input tokens at the cached rate.
        costUsd: expect.closeTo((4000 * 2 + 1000 * 0.1 + 250 * 10) / 1e6, 10),
        costIsEstimate: true,
        tokensIn: 5000,
        tokensOut: 250,
        lastReport: "wrote notes.md",
      });
      expect(ended.agentSessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect((await world.client.task.byId.query({ id: session.taskIds[0]! })).status).toBe("done");
      expect(await world.outputsOf(session.id)).toEqual(editRunOutputs(world.rootDir));
      const silent = await world.runTask("fake-codex-reconnecting", "keep going");
      expect(await world.waitForEnd(silent.id, 25_000)).toMatchObject({ status: "succeeded", lastReport: null });
      expect((await world.client.task.byId.query({ id: silent.taskIds[0]! })).status).toBe("in_review");
    },
  );

  it(
    "spawns a queued session's agent, streams its output, and settles it from its reports and exit",
    { timeout: 60_000 },
    async () => {
      const session = await world.runTask("plain", "say hello");
      const ended = await world.waitForEnd(session.id, 25_000);
      expect(ended).toMatchObject({
        status: "succeeded",
        exitCode: 0,
        error: null,
        lastReport: "all good",
        cwd: world.rootDir,
      });
      expect(ended.pid).toBeGreaterThan(0);
      const stdout = await world.logText(session.id, "stdout");
      expect(stdout).toContain("hello from the agent\n");
      expect(stdout).toContain(`prompt starts with: ${session.prompt.split("\n")[0]}`);
      expect(stdout.indexOf("after progress")).toBeLessThan(stdout.indexOf("bye"));
      expect(await world.logText(session.id, "stderr")).toBe("a warning on stderr\n");
      expect((await world.client.task.byId.query({ id: session.taskIds[0]! })).status).toBe("done");
      const events = (await world.allEvents()).filter((event) => event.entityId === session.id);
      const statuses = events.flatMap((event) =>
        event.kind === "session.updated" ? [event.payload.session.status] : [],
      );
      expect(statuses).toEqual(expect.arrayContaining(["starting", "running", "succeeded"]));
      const reports = events.flatMap((event) => (event.kind === "session.reported" ? [event.payload.report] : []));
      expect(reports).toEqual(["progress", "done"]);
      const promptFile = join(world.home, "sessions", session.id, "prompt.md");
      expect(readFileSync(promptFile, "utf8")).toBe(session.prompt);
      expect(statSync(promptFile).mode & 0o777).toBe(0o600);
      // Claimed as it was queued, not on the poll (a minute away; generous for a loaded machine).
      expect(Date.parse(ended.startedAt!) - Date.parse(ended.createdAt)).toBeLessThan(10_000);
    },
  );

  it("fails a session whose agent exits 1, with its exit code", async () => {
    const session = await world.runTask("failing");
    const ended = await world.waitForEnd(session.id);
    expect(ended).toMatchObject({ status: "failed", exitCode: 1, error: "exited with code 1" });
    expect(await world.logText(session.id, "stderr")).toBe("something went wrong\n");
    expect((await world.client.task.byId.query({ id: session.taskIds[0]! })).status).toBe("failed");
  });

  it("claims every queued session, not one per wake-up", async () => {
    const sessions = await Promise.all([1, 2, 3].map((i) => world.runTask("failing", `fail ${i}`)));
    const ended = await Promise.all(sessions.map((session) => world.waitForEnd(session.id)));
    expect(ended.map((session) => session.status)).toEqual(["failed", "failed", "failed"]);
  });

  it("stops the agent's whole process group at once when the session is stopped", { timeout: 45_000 }, async () => {
    const session = await world.runTask("tree");
    const log = await world.waitFor(
      () => world.logText(session.id),
      (text) => /agent \d+/.test(text) && /grandchild \d+/.test(text),
    );
    const agentPid = Number(/agent (\d+)/.exec(log)![1]);
    const grandchildPid = Number(/grandchild (\d+)/.exec(log)![1]);
    expect(isAlive(grandchildPid)).toBe(true);
    const asked = Date.now();
    await world.client.session.stop.mutate({ id: session.id });
    // The heartbeat is a minute away: only the session.updated wake-up can make this quick.
    const ended = await world.waitForEnd(session.id, 15_000);
    expect(Date.now() - asked).toBeLessThan(10_000);
    expect(ended).toMatchObject({ status: "cancelled", exitCode: null });
    expect(isAlive(agentPid)).toBe(false);
    expect(isAlive(grandchildPid)).toBe(false);
    expect(isAlive(-agentPid)).toBe(false);
    expect(await world.logText(session.id, "system")).toMatch(/stopping the agent/);
    expect((await world.client.task.byId.query({ id: session.taskIds[0]! })).status).toBe("todo");
  });

  it("stores a 20 MB flood completely and in order", { timeout: 60_000 }, async () => {
    const lines = 210_000;
    const session = await world.runTask("flood");
    const ended = await world.waitForEnd(session.id, 25_000);
    expect(ended.status).toBe("succeeded");
    const chunks = await world.readLog(session.id);
    const stored = chunks.map((chunk) => chunk.text).join("");
    let expected = "";
    for (let i = 0; i < lines; i++) expected += `line ${String(i).padStart(7, "0")} héllo wörld ${"x".repeat(70)}\n`;
    expect(chunks.every((chunk) => chunk.stream === "stdout")).toBe(true);
    expect(chunks.map((chunk) => chunk.seq)).toEqual(chunks.map((_, i) => i + 1));
    expect(stored.split("\n").length - 1).toBe(lines);
    const hash = (text: string) => createHash("sha256").update(text).digest("hex");
    expect(hash(stored)).toBe(hash(expected));
    // Batched: tens of kilobytes per chunk, not one row per line.
    expect(chunks.length).toBeLessThan(1_000);
  });

  it("gives the agent only the base variables, its allowlist and its session's; a secret in the runner's env never leaks", async () => {
    const session = await world.runTask("env");
    expect((await world.waitForEnd(session.id)).status).toBe("succeeded");
    const printed = await world.logText(session.id, "stdout");
    const names = printed
      .trim()
      .split("\n")
      .map((line) => line.split("=")[0]!);
    const base = BASE_ENV_NAMES.filter((name) => process.env[name] !== undefined);
    const maestro = [
      "MAESTRO_URL",
      "MAESTRO_TOKEN",
      "MAESTRO_SESSION_ID",
      "MAESTRO_PROJECT_ID",
      "MAESTRO_TASK_IDS",
      "MAESTRO_TASK_ID",
    ];
    expect(names.sort()).toEqual([...new Set([...base, "PATH", "MAESTRO_TEST_ALLOWED", ...maestro])].sort());
    expect(printed).toContain(`MAESTRO_SESSION_ID=${session.id}\n`);
    expect(printed).toContain(`MAESTRO_TASK_ID=${session.taskIds[0]}\n`);
    expect(printed).toContain(`MAESTRO_URL=${world.server.url}\n`);
    expect(printed).toContain("MAESTRO_TEST_ALLOWED=visible-value\n");
    expect(printed).toMatch(new RegExp(`^PATH=${join(world.home, "bin")}:`, "m"));

    expect(JSON.stringify(await world.readLog(session.id))).not.toContain(CANARY);
    expect(JSON.stringify(await world.allEvents())).not.toContain(CANARY);
    expect(JSON.stringify(await world.client.session.list.query({ limit: 500 }))).not.toContain(CANARY);
    // Every byte SQLite has written (tables, indexes, the WAL), not just what the API shows.
    for (const file of readdirSync(world.home).filter((name) => name.startsWith("maestro.db"))) {
      expect(readFileSync(join(world.home, file)).includes(CANARY)).toBe(false);
    }
  });

  it("runs a session in its own git worktree on a maestro/<task>-<attempt> branch and keeps the work", async () => {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: world.rootDir, stdio: "pipe" }).toString();
    git("init", "-q", "-b", "main");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "init");
    const session = await world.runTask("where", "in a worktree", true);
    const ended = await world.waitForEnd(session.id);
    const path = join(world.home, "worktrees", session.id);
    const task = await world.client.task.byId.query({ id: session.taskIds[0]! });
    expect(ended).toMatchObject({
      status: "succeeded",
      cwd: path,
      worktreePath: path,
      branch: `maestro/${task.key}-1`,
    });
    expect(await world.logText(session.id, "stdout")).toBe(`${path}\nmaestro/${task.key}-1\n`);
    expect(readFileSync(join(path, "agent-work.txt"), "utf8")).toBe("agent work\n");
  });

  it("resumes a worktree session in the same worktree, on the same branch, with its uncommitted work", async () => {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: world.rootDir, stdio: "pipe" }).toString();
    if (!existsSync(join(world.rootDir, ".git"))) {
      git("init", "-q", "-b", "main");
      git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "init");
    }
    const first = await world.waitForEnd((await world.runTask("unfinished", "half done", true)).id);
    expect(first).toMatchObject({ status: "failed" });
    const resumed = await world.client.session.resume.mutate({ id: first.id });
    const second = await world.waitForEnd(resumed.id);
    expect(second).toMatchObject({
      status: "succeeded",
      attempt: 2,
      resumedFromId: first.id,
      cwd: first.worktreePath,
      worktreePath: first.worktreePath,
      branch: first.branch,
    });
    expect(await world.logText(second.id, "stdout")).toBe(`${first.worktreePath}\nfound: first half\n`);
    expect(readFileSync(join(first.worktreePath!, "work.txt"), "utf8")).toBe("first half\nsecond half\n");
  });

  it(
    "does not wait for a process that left the agent's group and keeps its output pipe open",
    { timeout: 45_000 },
    async () => {
      const session = await world.runTask("escaping");
      try {
        // The escaped process holds the pipe for 120 s: ending well before says the runner did not wait.
        const ended = await world.waitForEnd(session.id, 15_000);
        expect(ended).toMatchObject({ status: "succeeded", exitCode: 0 });
        expect(await world.logText(session.id, "stdout")).toBe("done, but my pipe stays open\n");
      } finally {
        const pidFile = join(world.home, "escaped.pid");
        const escaped = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8")) : 0;
        if (escaped > 0 && isAlive(escaped)) process.kill(escaped, "SIGKILL");
      }
    },
  );

  it("finishes a session whose agent cannot be started with a clear error, leaving nothing behind", async () => {
    const session = await world.runTask("bad-interpreter");
    const ended = await world.waitForEnd(session.id);
    expect(ended).toMatchObject({ status: "failed", endReason: "spawn_failed", exitCode: null, pid: null });
    expect(ended.error).toMatch(
      /^.*bad-interpreter-agent\.sh does not exist, or its #! interpreter is missing; fix the path in the profile's command$/,
    );
    expect(existsSync(join(world.home, "sessions", session.id))).toBe(false);
  });

  it("never spawns a profile whose command does not exist: session.start refuses it", async () => {
    const before = await world.client.session.list.query({ limit: 500 });
    await expect(world.runTask("ghost")).rejects.toThrow(/not an executable/);
    expect(await world.client.session.list.query({ limit: 500 })).toEqual(before);
  });

  it("on stop(), stops every running agent, stores its output and finishes its session", async () => {
    const session = await world.runTask("tree");
    const log = await world.waitFor(
      () => world.logText(session.id),
      (text) => /grandchild \d+/.test(text),
    );
    const grandchildPid = Number(/grandchild (\d+)/.exec(log)![1]);
    await world.runner.stop();
    const ended = await world.client.session.byId.query({ id: session.id });
    // Not the agent's fault: the session can be resumed once a runner is back.
    expect(ended).toMatchObject({
      status: "interrupted",
      endReason: "runner_lost",
      error: "the runner shut down while the agent ran",
    });
    expect(isAlive(grandchildPid)).toBe(false);
    expect(await world.logText(session.id, "system")).toMatch(/runner shut down/);
  });
});
