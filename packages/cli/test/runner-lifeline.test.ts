import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningServer, startServer } from "@maestro/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAESTRO_BIN, maestroJson, until } from "./live";

// A `maestro runner` that dies by any means takes its agents' process trees with it (its reaper
// stops them): left running, they would work, and spend, for nobody.

const AGENT = fileURLToPath(new URL("./fixtures/heartbeat-agent.sh", import.meta.url));

let home: string;
let server: RunningServer;
const children: ChildProcess[] = [];

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), "maestro-lifeline-"));
  server = await startServer({
    home,
    databasePath: join(home, "server.db"),
    host: "127.0.0.1",
    port: 0,
    log: () => {},
  });
});

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  // Whatever happened, no agent of the test outlives it.
  for (const pid of sessionProcesses(/.*/)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

const maestro = <T>(...argv: string[]) => maestroJson<T>({ url: server.url, home }, ...argv);

/** Live (not zombie) processes whose environment names a session matching `id` and this test's home. */
function sessionProcesses(id: RegExp): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
        if (["Z", "X"].includes(stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3))) return false;
        const environ = readFileSync(`/proc/${pid}/environ`, "latin1").split("\0");
        return (
          environ.some((entry) => entry.startsWith("MAESTRO_SESSION_ID=") && id.test(entry.slice(19))) &&
          environ.some((entry) => entry.startsWith("PATH=") && entry.includes(home))
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** A real `maestro runner` for the in-process server, running a heartbeat agent's session once its tree beats. */
async function runAgentOnRunner() {
  const runner = spawn(
    process.execPath,
    [
      MAESTRO_BIN,
      "runner",
      "--server",
      server.url,
      "--home",
      join(home, "runner"),
      "--token-file",
      join(home, "runner-token"),
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  children.push(runner);
  let stderr = "";
  runner.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const beats = join(home, "beats");
  mkdirSync(beats);
  await maestro("project", "create", "Lifeline", "--dir", home, "--key", "LL");
  await maestro("task", "create", "Beat", "--project", "LL");
  await maestro("agent", "add", "beater", "--adapter", "custom", "--command", `${AGENT} ${beats}`);
  const session = await maestro<{ id: string }>("task", "run", "LL-1", "--agent", "beater");
  const pidsFile = join(beats, "pids");
  await until("the agent and its grandchild to beat", () => (existsSync(pidsFile) ? true : undefined), 20_000);
  await until("the session to be running", async () => {
    const shown = await maestro<{ status: string }>("session", "show", session.id);
    return shown.status === "running" ? true : undefined;
  });
  const pids = readFileSync(pidsFile, "utf8").trim().split(" ").map(Number);
  return { runner, session, pids, stderr: () => stderr };
}

describe("the lifeline of a runner's agents", () => {
  it("kill -9 of `maestro runner`: no process of its agent's tree is left within a few seconds", async () => {
    const { runner, session, pids } = await runAgentOnRunner();
    const own = new RegExp(`^${session.id}$`);
    expect(sessionProcesses(own)).toEqual(expect.arrayContaining(pids));
    const exited = new Promise((resolve) => runner.once("exit", resolve));
    runner.kill("SIGKILL");
    await exited;
    const killedAt = Date.now();
    // The grandchild ignores SIGTERM: the reaper's SIGKILL, after its 1 s grace, ends it.
    await until("the agent's tree to be gone", () => (sessionProcesses(own).length === 0 ? true : undefined), 5_000);
    expect(Date.now() - killedAt).toBeLessThan(4_000);
  }, 60_000);

  it("a runner stopped with SIGTERM still stops its agent itself and ends the session, as before", async () => {
    const { runner, session } = await runAgentOnRunner();
    const exited = new Promise<number | null>((resolve) => runner.once("exit", (code) => resolve(code)));
    runner.kill("SIGTERM");
    expect(await exited).toBe(0);
    const shown = await maestro<{ status: string; error: string | null }>("session", "show", session.id);
    expect(shown).toMatchObject({ status: "interrupted", error: expect.stringMatching(/runner shut down/) });
    expect(sessionProcesses(new RegExp(`^${session.id}$`))).toEqual([]);
  }, 60_000);
});
