import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, watch } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServeChild, freePort, maestroJson, startServeChild, until } from "./live";

// Issue 3 (R2): killing the server with kill -9 while a session runs, then restarting it: the
// session is not shown as running unless its process really still runs; no agent runs twice.

const AGENT = fileURLToPath(new URL("./fixtures/pid-agent.sh", import.meta.url));

let home: string;
let port: number;
let url: string;
let pidFile: string;
let earlyPidFile: string;
let bPidFile: string;
let gracefulPidFile: string;
const servers: ChildProcess[] = [];

/** The real `maestro serve` (server + embedded runner) as its own process, ready on /healthz. */
const serve = (): Promise<ServeChild> => startServeChild({ port, home, children: servers });

const maestro = <T>(...argv: string[]) => maestroJson<T>({ url, home }, ...argv);

/** Alive and not a zombie: a killed agent re-parented to a container's init may wait to be reaped. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return !["Z", "X"].includes(stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3));
  } catch {
    return false;
  }
}

function startsRecorded(file: string): Array<{ agent: number; child: number }> {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [agent, child] = line.split(" ").map(Number);
      return { agent: agent!, child: child! };
    });
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "maestro-kill9-"));
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
  pidFile = join(home, "agent-starts.txt");
  earlyPidFile = join(home, "early-starts.txt");
  bPidFile = join(home, "b-starts.txt");
  gracefulPidFile = join(home, "graceful-starts.txt");
});

afterAll(() => {
  for (const child of servers) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  // Whatever happened, no agent the test started outlives it.
  for (const { agent } of [pidFile, earlyPidFile, bPidFile, gracefulPidFile].flatMap(startsRecorded)) {
    try {
      process.kill(-agent, "SIGKILL");
    } catch {
      // The group is already gone, as it should be.
    }
  }
  rmSync(home, { recursive: true, force: true });
});

describe("kill -9 of the server while a session runs, then a restart", () => {
  it("shows the session interrupted, its agent gone with the server, and never starts the agent again", async () => {
    const first = await serve();
    await maestro("project", "create", "Crash", "--dir", home, "--key", "CR");
    await maestro("task", "create", "Run long", "--project", "CR");
    await maestro("agent", "add", "sleeper", "--adapter", "custom", "--command", `${AGENT} ${pidFile}`);
    const session = await maestro<{ id: string; status: string }>("task", "run", "CR-1", "--agent", "sleeper");
    expect(session.status).toBe("queued");

    const started = await until("the agent to start", () => startsRecorded(pidFile)[0]);
    const running = await until("the session to be running", async () => {
      const shown = await maestro<{ status: string; pid: number | null }>("session", "show", session.id);
      return shown.status === "running" ? shown : undefined;
    });
    expect(running.pid).toBe(started.agent);
    expect(isRunning(started.agent) && isRunning(started.child)).toBe(true);

    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    // Its runner goes with it, and the runner's reaper stops its agent: it would work for nobody.
    await until(
      "the agent to go with the server",
      () => (isRunning(started.agent) || isRunning(started.child) ? undefined : true),
      5_000,
    );

    const second = await serve();
    const shown = await maestro<{ status: string; error: string | null; endedAt: string | null }>(
      "session",
      "show",
      session.id,
    );
    expect(shown).toMatchObject({
      status: "interrupted",
      endReason: "server_restart",
      error: expect.stringMatching(/server stopped while this session ran/),
    });
    expect(shown.endedAt).not.toBeNull();
    expect(second.stderr()).toMatch(
      /1 session\(s\) were live when the server last stopped: now interrupted \(0 orphaned agent\(s\) stopped\)/,
    );

    const live = await maestro<unknown[]>("session", "list", "--project", "CR", "--status", "running");
    expect(live).toEqual([]);
    const task = await maestro<{ status: string }>("task", "show", "CR-1");
    expect(task.status).toBe("todo");

    // An interrupted session is never picked up again. A session queued after it (claims go
    // oldest first) and run to its end shows the new server's runner has been claiming.
    await maestro("project", "create", "After", "--dir", home, "--key", "AFTER");
    await maestro("task", "create", "Marker", "--project", "AFTER", "--command", "true");
    const marker = await maestro<{ id: string }>("task", "run", "AFTER-1");
    await until("the session queued after it to succeed", async () => {
      const shown = await maestro<{ status: string }>("session", "show", marker.id);
      return shown.status === "succeeded" ? true : undefined;
    });
    expect(startsRecorded(pidFile)).toHaveLength(1);
    expect((await maestro<{ status: string }>("session", "show", session.id)).status).toBe("interrupted");
    expect(
      await maestro<unknown[]>("session", "list", "--project", "CR", "--status", "queued,starting,running"),
    ).toEqual([]);
  }, 90_000);

  it("regression: also ends the session, and stops the agent, of a server that died before its pid was recorded", async () => {
    // The previous test's server holds the port: stop it first.
    for (const child of servers.filter((server) => server.exitCode === null && server.signalCode === null)) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    const first = await serve();
    await maestro("task", "create", "Crash early", "--project", "CR");
    await maestro("agent", "add", "early", "--adapter", "custom", "--command", `${AGENT} ${earlyPidFile}`);
    // The server dies the moment the agent exists, before the runner can report its pid.
    const watcher = watch(home, () => {
      if (startsRecorded(earlyPidFile).length > 0) first.child.kill("SIGKILL");
    });
    const session = await maestro<{ id: string }>("task", "run", "CR-2", "--agent", "early");
    await new Promise((resolve) => first.child.once("exit", resolve));
    watcher.close();
    const started = startsRecorded(earlyPidFile)[0]!;

    await serve();
    const shown = await maestro<{ status: string }>("session", "show", session.id);
    expect(shown.status).toBe("interrupted");
    await until(
      "the agent nobody recorded to be gone",
      () => (isRunning(started.agent) || isRunning(started.child) ? undefined : true),
      10_000,
    );
    expect(startsRecorded(earlyPidFile)).toHaveLength(1);
  }, 60_000);

  it("autopilot carries on after a kill -9: the interrupted task runs again, nothing finished runs twice", async () => {
    for (const child of servers.filter((server) => server.exitCode === null && server.signalCode === null)) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    const first = await serve();
    const trace = join(home, "autopilot.trace");
    const step = (name: string, sleep: string) =>
      `echo "${name} start" >> ${trace}; ${sleep}; echo "${name} end" >> ${trace}`;
    // B's first run outlasts any restart (until it is stopped); once it has run, B finishes at once.
    const bSleep = `echo $$ >> ${bPidFile}; if [ -e ${bPidFile}.once ]; then true; else touch ${bPidFile}.once; sleep 120; fi`;
    await maestro("project", "create", "Auto", "--dir", home, "--key", "AUTO");
    await maestro("task", "create", "A", "--project", "AUTO", "--command", step("A", "true"));
    await maestro("task", "create", "B", "--project", "AUTO", "--command", step("B", bSleep), "--depends-on", "AUTO-1");
    await maestro("task", "create", "C", "--project", "AUTO", "--command", step("C", "true"), "--depends-on", "AUTO-2");
    await maestro("autopilot", "start", "AUTO");
    const lines = () => (existsSync(trace) ? readFileSync(trace, "utf8").trim().split("\n") : []);
    const firstB = await until("B to start", () => startsRecorded(bPidFile)[0]?.agent, 15_000);
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    await until("B's orphaned first run to be stopped", () => (isRunning(firstB) ? undefined : true), 5_000);

    await serve();
    await until(
      "every task to be done",
      async () => {
        const tasks = await maestro<Array<{ status: string }>>("task", "list", "--project", "AUTO");
        return tasks.every((task) => task.status === "done") ? true : undefined;
      },
      30_000,
    );
    // The interrupted B ran again (its orphan was stopped before it could finish); A and C ran once.
    expect(lines()).toEqual(["A start", "A end", "B start", "B start", "B end", "C start", "C end"]);
    const sessions = await maestro<Array<{ status: string }>>("session", "list", "--project", "AUTO");
    expect(sessions.map((session) => session.status).sort()).toEqual([
      "interrupted",
      "succeeded",
      "succeeded",
      "succeeded",
    ]);
  }, 120_000);
});

describe("a graceful stop of the server while a session runs", () => {
  it("ends the session server_restart (not a lost runner), its task back to todo without using an attempt", async () => {
    for (const child of servers.filter((server) => server.exitCode === null && server.signalCode === null)) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    const first = await serve();
    await maestro("project", "create", "Graceful", "--dir", home, "--key", "GRACE");
    await maestro("task", "create", "Run long", "--project", "GRACE");
    await maestro("agent", "add", "graceful", "--adapter", "custom", "--command", `${AGENT} ${gracefulPidFile}`);
    const session = await maestro<{ id: string }>("task", "run", "GRACE-1", "--agent", "graceful");
    await until("the session to be running", async () => {
      const shown = await maestro<{ status: string }>("session", "show", session.id);
      return shown.status === "running" ? true : undefined;
    });

    first.child.kill("SIGTERM");
    await new Promise((resolve) => first.child.once("exit", resolve));
    await serve();
    expect(await maestro("session", "show", session.id)).toMatchObject({
      status: "interrupted",
      endReason: "server_restart",
      error: "the server stopped while the agent ran",
    });
    expect(await maestro("task", "show", "GRACE-1")).toMatchObject({ status: "todo", failedAttempts: 0 });
  }, 60_000);
});
