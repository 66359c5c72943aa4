import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, maestroJson, until } from "./live";

// R2 "nothing runs twice without an explicit resume": a remote runner's agent that ends while the
// server is down (killed with kill -9) must not be run again by the restarted server. The
// runner keeps the session's end until the server answers, and the server, starting again,
// leaves a remote runner's sessions to their lease instead of interrupting them.

const BIN = fileURLToPath(new URL("../bin/maestro.js", import.meta.url));
// The real server without serve's embedded runner: only the remote runner below takes sessions.
const SERVER_ONLY = fileURLToPath(new URL("../../../chaos/fixtures/server-only.ts", import.meta.url));

let home: string;
let port: number;
let url: string;
const children: ChildProcess[] = [];

function spawnLogged(argv: string[]) {
  const child = spawn(process.execPath, argv, { stdio: ["ignore", "ignore", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return { child, stderr: () => stderr, exited };
}

/** The server alone on `port` (same home each time), ready on /healthz. */
async function startServerOnly() {
  const server = spawnLogged(["--import", "tsx", SERVER_ONLY, home, String(port), "30000"]);
  await until(
    "the server to answer",
    () =>
      fetch(`${url}/healthz`).then(
        (res) => (res.ok ? true : undefined),
        () => undefined,
      ),
    20_000,
  );
  return server;
}

const maestro = <T>(...argv: string[]) => maestroJson<T>({ url, home }, ...argv);
const lines = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : []);

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "maestro-finish-down-"));
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
});

/** A remote `maestro runner` with a copy of the server's runner token, once it is working. */
async function startRunner(id: string) {
  const runner = spawnLogged([
    BIN,
    "runner",
    "--server",
    url,
    "--home",
    join(home, "runner"),
    "--id",
    id,
    "--token-file",
    join(home, "runner-token"),
  ]);
  await until("the runner to connect", () => (runner.stderr().includes("is working for") ? true : undefined), 20_000);
  return runner;
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  rmSync(home, { recursive: true, force: true });
});

describe("a remote runner's agent that finishes while the server is down", () => {
  it("ends completed once the server is back, and its task is not run again", async () => {
    const first = await startServerOnly();
    await startRunner("build-box");

    // Each start is recorded; the agent works until it is told to finish, says so and exits 0.
    const starts = join(home, "starts.txt");
    const go = join(home, "go");
    const script = `echo start >> ${starts}; while [ ! -e ${go} ]; do sleep 0.1; done; echo finished >> ${starts}; echo all done`;
    await maestro("project", "create", "Remote", "--dir", home, "--key", "RM");
    await maestro("task", "create", "Work", "--project", "RM", "--command", script);
    await maestro("autopilot", "start", "RM");
    const session = await until("the session to run", async () => {
      const [running] = await maestro<Array<{ id: string }>>(
        "session",
        "list",
        "--project",
        "RM",
        "--status",
        "running",
      );
      return running;
    });

    first.child.kill("SIGKILL");
    await first.exited;
    writeFileSync(go, "");
    await until("the agent to exit 0 while the server is down", () => (lines(starts).length === 2 ? true : undefined));
    // Long enough for the runner's first try at recording the end to fail and be retried.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const second = await startServerOnly();
    expect(second.stderr()).not.toMatch(/now interrupted/);
    const ended = await until(
      "the session to end",
      async () => {
        const shown = await maestro<{ status: string; endReason: string | null }>("session", "show", session.id);
        return shown.status === "running" ? undefined : shown;
      },
      30_000,
    );
    expect(ended).toMatchObject({ status: "succeeded", endReason: "completed" });
    expect(await maestro("task", "show", "RM-1")).toMatchObject({ status: "done" });
    // Its last words, printed while the server was down, were kept and delivered with its end.
    const logs = await maestro<Array<{ text: string }>>("session", "logs", session.id);
    expect(logs.map((chunk) => chunk.text).join("")).toContain("all done");
    // Autopilot had a pass meanwhile: nothing was started again.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(lines(starts)).toEqual(["start", "finished"]);
    expect(await maestro<unknown[]>("session", "list", "--project", "RM")).toHaveLength(1);
  }, 120_000);

  it("does not keep a stopping runner forever: its agent is stopped and it exits within its bound", async () => {
    // The last test's server and runner make way (on the same home and port).
    for (const child of children.splice(0)) child.kill("SIGKILL");
    const first = await startServerOnly();
    const runner = await startRunner("short-lived");
    const pids = join(home, "bounded-pids.txt");
    await maestro("project", "create", "Bounded", "--dir", home, "--key", "BD");
    await maestro("task", "create", "Sleep", "--project", "BD", "--command", `echo $$ >> ${pids}; sleep 300`);
    const session = await maestro<{ id: string }>("task", "run", "BD-1");
    await until("the session to run", async () => {
      const shown = await maestro<{ status: string }>("session", "show", session.id);
      return shown.status === "running" ? true : undefined;
    });

    first.child.kill("SIGKILL");
    await first.exited;
    const stoppedAt = Date.now();
    runner.child.kill("SIGTERM");
    await runner.exited;
    // Its agent's grace (5 s) and the 10 s it waits for a server that never comes back, and slack.
    expect(Date.now() - stoppedAt).toBeLessThan(25_000);
    expect(runner.stderr()).toMatch(/gave up recording its end: the runner stopped before the server answered/);
    const [agent] = lines(pids).map(Number);
    expect(() => process.kill(agent!, 0)).toThrow();
  }, 90_000);
});
