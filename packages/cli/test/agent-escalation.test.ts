import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningServer, startServer } from "@maestro/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMaestroClient } from "../src/client";
import type { Io } from "../src/output";
import { runCli } from "../src/program";
import { until } from "./live";

// Agents as real processes: a `maestro runner` process runs them, and they drive the real
// `maestro` CLI with the session token the runner gave them.

const BIN = fileURLToPath(new URL("../bin/maestro.js", import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const OWNER_TOKEN = "owner-token-for-the-escalation-test-0123456789";

let home: string;
let server: RunningServer;
let runner: ChildProcess;

/** `maestro <argv> --json` as the owner; fails the test on a non-zero exit. */
async function owner<T = Record<string, unknown>>(...argv: string[]): Promise<T> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  const code = await runCli([...argv, "--json"], io, { MAESTRO_URL: server.url, MAESTRO_TOKEN: OWNER_TOKEN });
  expect(err.join("\n")).toBe("");
  expect(code).toBe(0);
  return JSON.parse(out.join("\n")) as T;
}

const ownerClient = () => createMaestroClient({ url: server.url, token: OWNER_TOKEN });

interface Attempt {
  name: string;
  code: number;
  message: string;
}

/** The lines an agent script wrote: name, exit code, message. */
function attempts(file: string): Attempt[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [name = "", code = "", message = ""] = line.split("\t");
      return { name, code: Number(code), message };
    });
}

async function waitForEnd(id: string): Promise<{ status: string }> {
  return until(
    `session ${id} to end`,
    async () => {
      const session = await owner<{ status: string }>("session", "show", id);
      return ["succeeded", "failed", "cancelled", "interrupted", "timed_out"].includes(session.status)
        ? session
        : undefined;
    },
    120_000,
  );
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "maestro-escalation-"));
  server = await startServer({ home, host: "127.0.0.1", port: 0, log: () => {}, token: OWNER_TOKEN });
  runner = spawn(process.execPath, [BIN, "runner", "--server", server.url, "--home", join(home, "runner")], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, MAESTRO_TOKEN: server.runnerToken },
  });
  let stderr = "";
  runner.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  await until("the runner to connect", () => (stderr.includes("is working for") ? true : undefined), 30_000);
  await owner("project", "create", "Contained", "--dir", home, "--key", "CON");
  await owner("project", "update", "CON", "--concurrency", "10");
}, 60_000);

afterAll(async () => {
  runner.kill("SIGTERM");
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

describe("an agent with its session token", () => {
  it("is refused every escalation through the real CLI, and nothing it tried is written", async () => {
    const out = join(home, "escalation.txt");
    await owner(
      "agent",
      "add",
      "attacker",
      "--adapter",
      "custom",
      "--command",
      `${fixture("escalating-agent.sh")} ${out} CON-2`,
    );
    const own = await owner<{ key: string; id: string }>("task", "create", "Attacker's task", "--project", "CON");
    const foreign = await owner<{ key: string; version: number }>(
      "task",
      "create",
      "Someone else's",
      "--project",
      "CON",
    );
    const session = await owner<{ id: string }>("task", "run", own.key, "--agent", "attacker");
    expect((await waitForEnd(session.id)).status).toBe("succeeded");

    const tried = attempts(out);
    expect(tried.at(-1)?.name).toBe("done");
    const sub = tried.find((attempt) => attempt.name === "subtask")!.message;
    expect(sub).toMatch(/^CON-\d+$/);
    const refused = tried.filter((attempt) => !["subtask", "done"].includes(attempt.name));
    expect(refused.map((attempt) => attempt.name)).toEqual([
      "agent-add",
      "agent-update",
      "command",
      "agent",
      "touches",
      "create-command",
      "run-own-shell",
      "run-foreign",
      "move-update",
      "move",
      "move-in",
      "top-level",
      "project-update",
      "autopilot",
      "retry",
    ]);
    for (const attempt of refused) {
      expect(attempt.code, attempt.name).toBe(1);
      expect(attempt.message, attempt.name).toMatch(/may not|may only|names no delegates/);
    }
    const byName = Object.fromEntries(refused.map((attempt) => [attempt.name, attempt.message]));
    expect(byName.command).toMatch(/may not set command/);
    expect(byName.agent).toMatch(/may not set agent/);
    expect(byName.touches).toMatch(/may not set touches/);
    expect(byName["run-own-shell"]).toMatch(/names no delegates/);

    // Nothing written: no profile, no field, no move, no task, no session but its own.
    const agents = await owner<Array<{ name: string; delegates: string[] }>>("agent", "list");
    expect(agents.map((agent) => agent.name)).not.toContain("evil");
    expect(agents.find((agent) => agent.name === "claude-code")?.delegates).toEqual([]);
    const tasks = await owner<Array<{ key: string; title: string; parentId: string | null }>>(
      "task",
      "list",
      "--project",
      "CON",
    );
    expect(tasks.map((task) => task.title).sort()).toEqual(["Attacker's task", "Someone else's", "my part"]);
    const ownAfter = await owner<{ command: string | null; agent: string | null; touches: string[] }>(
      "task",
      "show",
      own.key,
    );
    expect(ownAfter).toMatchObject({ command: null, agent: null, touches: [] });
    expect((await owner<{ parentId: string }>("task", "show", sub)).parentId).toBe(own.id);
    expect((await owner<{ version: number }>("task", "show", foreign.key)).version).toBe(foreign.version);
    expect((await owner<{ name: string }>("project", "show", "CON")).name).toBe("Contained");
    const sessions = await owner<Array<{ id: string }>>("session", "list", "--project", "CON");
    expect(sessions.map((listed) => listed.id)).toEqual([session.id]);
  }, 240_000);
});

describe("a coordinator with delegates", () => {
  it("starts its delegate on its own subtask; depth 3 and the 21st start are refused", async () => {
    const out = join(home, "delegation.txt");
    const go = join(home, "go");
    const script = fixture("delegating-agent.sh");
    await owner("agent", "add", "worker", "--adapter", "custom", "--command", "/bin/true");
    await owner("agent", "add", "bottom", "--adapter", "custom", "--command", `${script} ${out} bottom worker`);
    await owner("agent", "add", "middle", "--adapter", "custom", "--command", `${script} ${out} middle bottom`);
    await owner("agent", "update", "middle", "--delegates", "bottom");
    await owner("agent", "update", "bottom", "--delegates", "worker");
    await owner(
      ..."agent add lead --adapter custom --persona coordinator --delegates middle,worker --command".split(" "),
      `${script} ${out} lead middle ${go}`,
    );
    const task = await owner<{ key: string }>("task", "create", "Lead it", "--project", "CON");
    const lead = await owner<{ id: string }>("task", "run", task.key, "--agent", "lead");

    // lead → middle → bottom: the bottom session is two levels down and may start nothing.
    await until(
      "the chain to reach its bottom",
      () => (attempts(out).some((a) => a.name === "bottom:first") ? true : undefined),
      120_000,
    );
    const chain = Object.fromEntries(attempts(out).map((attempt) => [attempt.name, attempt]));
    expect(chain["lead:first"]?.code).toBe(0);
    expect(chain["middle:first"]?.code).toBe(0);
    expect(chain["bottom:first"]).toMatchObject({
      code: 1,
      message: expect.stringMatching(/delegation depth cap of 2/),
    });
    const sessions = await owner<Array<{ id: string; agent: string; parentSessionId: string | null }>>(
      "session",
      "list",
      "--project",
      "CON",
    );
    const middle = sessions.find((session) => session.agent === "middle")!;
    expect(middle.parentSessionId).toBe(lead.id);
    expect(sessions.find((session) => session.agent === "bottom")?.parentSessionId).toBe(middle.id);

    // 19 more starts charged to the lead (people may name a parent session) make its next one the 21st.
    for (let i = 0; i < 19; i += 1) {
      const part = await owner<{ key: string }>("task", "create", `part ${i}`, "--project", "CON");
      await ownerClient().session.start.mutate({ taskIds: [part.key], agent: "worker", parentSessionId: lead.id });
    }
    writeFileSync(go, "");
    expect((await waitForEnd(lead.id)).status).toBe("succeeded");
    const again = attempts(out).find((attempt) => attempt.name === "lead:again");
    expect(again).toMatchObject({ code: 1, message: expect.stringMatching(/cap of 20 sessions started per session/) });
  }, 240_000);
});

describe("maestro agent --delegates", () => {
  it("adds, shows, lists, changes and clears delegates, and refuses a profile that does not exist", async () => {
    const added = await owner<{ delegates: string[] }>(
      ..."agent add planner --adapter claude-code --persona coordinator --delegates codex,shell".split(" "),
    );
    expect(added.delegates).toEqual(["codex", "shell"]);
    const human = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
      const code = await runCli(argv, io, { MAESTRO_URL: server.url, MAESTRO_TOKEN: OWNER_TOKEN });
      return { code, stdout: out.join("\n"), stderr: err.join("\n") };
    };
    expect((await human("agent", "show", "planner")).stdout).toMatch(/DELEGATES[\s\S]*planner.*codex,shell/);
    expect((await human("agent", "list")).stdout).toMatch(/planner.*codex,shell/);
    const changed = await owner<{ delegates: string[] }>("agent", "update", "planner", "--delegates", "codex");
    expect(changed.delegates).toEqual(["codex"]);
    const ghost = await human("agent", "update", "planner", "--delegates", "codex,ghost");
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toMatch(/delegates: no agent profile named ghost/);
    expect(
      (await owner<{ delegates: string[] }>("agent", "update", "planner", "--delegates", "none")).delegates,
    ).toEqual([]);
  });
});
