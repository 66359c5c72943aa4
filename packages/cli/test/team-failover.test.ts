import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { type PgCluster, type Store, listLeases, openPgStore, startPgCluster } from "@maestro/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Io } from "../src/output";
import { runCli } from "../src/program";
import { MAESTRO_BIN, freePort, until } from "./live";

// Issue 16's failover test: two `maestro serve` processes (each with its embedded runner) on one
// PostgreSQL database; autopilot runs a project's task graph; the instance holding the project's
// scheduler lease is killed with kill -9 mid-graph. The other instance takes the lease over and
// finishes the graph, while the killed one is started again (as a supervisor would): every task
// done by exactly one session, no session's agent started twice, no task given a second session
// except when the kill ended its first (its runner died with the instance: runner_lost, after
// one lease), and every write acknowledged before the kill is in the database.

const OWNER = "owner-token-of-the-failover-team-0123456789";
const RUNNERS = "runner-token-of-the-failover-team-012345678";

let cluster: PgCluster;
let databaseUrl: string;
let store: Store;
let root: string;
const children: ChildProcess[] = [];

interface Instance {
  child: ChildProcess;
  url: string;
  port: number;
  name: string;
  stderr: () => string;
  exited: Promise<unknown>;
}

/** `maestro serve` on the shared database, its own home and port, once /healthz answers. */
async function serve(name: string, port?: number): Promise<Instance> {
  port ??= await freePort();
  const child = spawn(
    process.execPath,
    [MAESTRO_BIN, "serve", "--port", String(port), "--home", join(root, name), "--database", databaseUrl],
    {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, MAESTRO_TOKEN: OWNER, MAESTRO_RUNNER_TOKEN: RUNNERS },
    },
  );
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const url = `http://127.0.0.1:${port}`;
  await until(
    `maestro serve ${name}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`maestro serve ${name} exited with ${child.exitCode}: ${stderr}`);
      return fetch(`${url}/healthz`).then(
        (res) => (res.ok ? true : undefined),
        () => undefined,
      );
    },
    60_000,
  );
  return { child, url, port, name, stderr: () => stderr, exited };
}

/** The embedded runner's id of a `maestro serve` process: `serve:<host>:<pid of its runner child>`. */
function embeddedRunnerIdOf(instance: Instance): string {
  const pid = instance.child.pid!;
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
  const argvOf = (child: string) => {
    try {
      return readFileSync(`/proc/${child}/cmdline`, "utf8").split("\0");
    } catch {
      return []; // It ended meanwhile: not the runner, which lives as long as serve.
    }
  };
  const runners = children.filter((child) => argvOf(child).includes("runner"));
  if (runners.length !== 1) throw new Error(`maestro serve ${instance.name} has ${runners.length} runner processes`);
  return `serve:${hostname()}:${runners[0]}`;
}

/** `maestro <argv> --json` against `url` with the owner token: its JSON, or why it failed. */
async function tryMaestro<T>(
  url: string,
  ...argv: string[]
): Promise<{ ok: true; value: T } | { ok: false; why: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  const code = await runCli([...argv, "--json"], io, { MAESTRO_URL: url, MAESTRO_TOKEN: OWNER });
  return code === 0 ? { ok: true, value: JSON.parse(out.join("\n")) as T } : { ok: false, why: err.join("\n") };
}

async function maestro<T>(url: string, ...argv: string[]): Promise<T> {
  const result = await tryMaestro<T>(url, ...argv);
  if (!result.ok) throw new Error(`maestro ${argv.join(" ")} failed: ${result.why}`);
  return result.value;
}

/** The agent's journal: one `start <task id> <session id>` line per agent started, `end …` when it finished. */
function journal(file: string): Array<{ kind: string; taskId: string; sessionId: string }> {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [kind, taskId, sessionId] = line.split(" ");
      return { kind: kind!, taskId: taskId!, sessionId: sessionId! };
    });
}

/** Pids of the processes on this machine that carry one of these MAESTRO_SESSION_IDs (zombies carry none). */
function processesOfSessions(sessionIds: Set<string>): number[] {
  const found: number[] = [];
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    let environ: string;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, "latin1");
    } catch {
      continue; // Gone meanwhile, or not ours to read.
    }
    const id = environ.split("\0").find((entry) => entry.startsWith("MAESTRO_SESSION_ID="));
    if (id && sessionIds.has(id.slice("MAESTRO_SESSION_ID=".length))) found.push(Number(pid));
  }
  return found;
}

const countBy = <T>(items: T[], key: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "maestro-team-failover-"));
  cluster = await startPgCluster();
  databaseUrl = cluster.url;
  store = await openPgStore({ url: databaseUrl, maxConnections: 1 });
}, 120_000);

/** Whatever happened, no agent of the test outlives it: each runs in a process group of its own. */
function killLeftAgents(): void {
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(root)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
      const group = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (group === Number(pid)) process.kill(-group, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }
}

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  if (root) killLeftAgents();
  await store?.close();
  await cluster?.stop();
  rmSync(root, { recursive: true, force: true });
});

interface TaskRow {
  id: string;
  key: string;
  title: string;
  status: string;
  description: string | null;
}
interface SessionRow {
  id: string;
  taskIds: string[];
  status: string;
  endReason: string | null;
  runnerId: string | null;
}

describe("kill -9 of the instance that schedules a project, mid-graph", () => {
  it("the other instance takes over; every task runs to the end once; every acknowledged write is there", async () => {
    const a = await serve("a");
    const b = await serve("b");
    const instances = [a, b];
    const runs = join(root, "runs.txt");

    // Each agent notes its start, works a little, prints, notes its end and exits 0. Like an agent
    // written in Node it ignores SIGPIPE: one whose runner died with the instance finds its output
    // pipe broken and works on (a long sleep) instead of dying: nobody but Maestro stops it.
    const go = join(root, "go");
    const agentScript = (waitForGo: boolean) =>
      [
        "trap '' PIPE",
        `echo "start $MAESTRO_TASK_ID $MAESTRO_SESSION_ID" >> ${runs}`,
        ...(waitForGo ? [`while [ ! -e ${go} ]; do sleep 0.1; done`] : []),
        "sleep 1.5",
        `if echo working; then echo "end $MAESTRO_TASK_ID $MAESTRO_SESSION_ID" >> ${runs}; else sleep 300; fi`,
      ].join("; ");
    const agent = agentScript(false);
    await maestro(a.url, "project", "create", "Graph", "--dir", root, "--key", "GR");
    // A graph of 12: three roots, then layers each waiting for tasks of the one before.
    const layers = [3, 3, 3, 3];
    const keys: string[][] = [];
    let made = 0;
    for (const [layer, width] of layers.entries()) {
      keys.push([]);
      for (let i = 0; i < width; i++) {
        const dependsOn = layer === 0 ? [] : keys[layer - 1]!.filter((_, j) => j === i || j === (i + 1) % width);
        // Created through both instances, alternately.
        const task = await maestro<TaskRow>(
          instances[made++ % 2]!.url,
          "task",
          "create",
          `L${layer} T${i}`,
          "--project",
          "GR",
          "--command",
          agent,
          ...dependsOn.flatMap((key) => ["--depends-on", key]),
        );
        keys[layer]!.push(task.key);
      }
    }
    // The last layer also waits for a task that works until the test says go (after the killed
    // instance is back): the graph cannot end before the survivor has taken it over.
    const hold = await maestro<TaskRow>(
      b.url,
      "task",
      "create",
      "Hold",
      "--project",
      "GR",
      "--command",
      agentScript(true),
      "--depends-on",
      keys[0]![0]!,
    );
    for (const key of keys.at(-1)!) await maestro(a.url, "task", "depend", key, "--on", hold.key);
    const graphKeys = [...keys.flat(), hold.key];

    await maestro(a.url, "autopilot", "start", "GR", "--max-concurrent", "3");
    const project = await maestro<{ id: string }>(a.url, "project", "show", "GR");
    const leaseOf = async () => (await listLeases(store.db)).find((lease) => lease.projectId === project.id);
    const first = await until("a scheduler lease on the project", leaseOf, 30_000);
    const holderPid = Number(first.holder.split(":").at(-2));
    const [victim, survivor] = a.child.pid === holderPid ? [a, b] : [b, a];
    expect(victim.child.pid).toBe(holderPid);

    // Mid-graph: some tasks done, not all.
    await until(
      "the first tasks to be done",
      async () => {
        const tasks = await maestro<TaskRow[]>(survivor.url, "task", "list", "--project", "GR", "--status", "done");
        return tasks.length >= 3 ? true : undefined;
      },
      60_000,
    );

    // Writes through the victim right up to the kill: each one acknowledged must be there after.
    const acknowledged: { created: string[]; updated: Map<string, string> } = { created: [], updated: new Map() };
    let writing = true;
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        const created = await tryMaestro<TaskRow>(
          victim.url,
          "task",
          "create",
          `note ${n}`,
          "--project",
          "GR",
          "--status",
          "done",
        );
        if (!created.ok) return;
        acknowledged.created.push(created.value.key);
        const updated = await tryMaestro<TaskRow>(
          victim.url,
          "task",
          "update",
          created.value.key,
          "--description",
          `v${n}`,
        );
        if (!updated.ok) return;
        acknowledged.updated.set(created.value.key, `v${n}`);
      }
    })();
    await until("a few acknowledged writes", () => (acknowledged.updated.size >= 3 ? true : undefined), 30_000);
    const notDoneAtKill = (await maestro<TaskRow[]>(survivor.url, "task", "list", "--project", "GR")).filter(
      (task) => graphKeys.includes(task.key) && task.status !== "done",
    );
    victim.child.kill("SIGKILL");
    await victim.exited;
    writing = false;
    await writer;
    expect(notDoneAtKill.length).toBeGreaterThan(0);

    // The survivor takes the project over (a new epoch) once the dead holder's lease expires.
    const taken = await until(
      "the survivor to take the lease",
      async () => {
        const lease = await leaseOf();
        return lease && lease.holder !== first.holder ? lease : undefined;
      },
      60_000,
    );
    expect(Number(taken.holder.split(":").at(-2))).toBe(survivor.child.pid);
    expect(taken.epoch).toBeGreaterThan(first.epoch);

    // The killed instance comes back (a supervisor restarts it) while the survivor's runner is
    // working: its start-up must leave the survivor's sessions alone.
    const survivorRunner = embeddedRunnerIdOf(survivor);
    const working = await until(
      "the held task running on the survivor's runner",
      async () => {
        const live = await maestro<SessionRow[]>(
          survivor.url,
          "session",
          "list",
          "--project",
          "GR",
          "--status",
          "running",
        );
        return live.find((session) => session.runnerId === survivorRunner && session.taskIds.includes(hold.id));
      },
      // Cut by the kill, the held task runs again once its session ends runner_lost (one lease).
      120_000,
    );
    const restarted = await serve(victim.name, victim.port);
    writeFileSync(go, "");

    // The graph runs to its end on the survivor (sessions the kill cut wait one runner lease).
    const tasks = await until(
      "every task of the graph to be done",
      async () => {
        const listed = await maestro<TaskRow[]>(survivor.url, "task", "list", "--project", "GR");
        const graph = listed.filter((task) => graphKeys.includes(task.key));
        return graph.length === graphKeys.length && graph.every((task) => task.status === "done") ? listed : undefined;
      },
      180_000,
    );

    // Every acknowledged write is there, as acknowledged.
    const byKey = new Map(tasks.map((task) => [task.key, task]));
    for (const key of acknowledged.created) expect(byKey.has(key), key).toBe(true);
    for (const [key, description] of acknowledged.updated) expect(byKey.get(key)?.description, key).toBe(description);

    // Runs: no session's agent started twice; every task finished by exactly one succeeded
    // session; a task has a second session only when the kill ended its first (its runner died).
    const sessions = await maestro<SessionRow[]>(survivor.url, "session", "list", "--project", "GR", "--limit", "500");
    const started = journal(runs).filter((line) => line.kind === "start");
    expect([...countBy(started, (line) => line.sessionId).values()].every((count) => count === 1)).toBe(true);
    const graphIds = tasks.filter((task) => graphKeys.includes(task.key)).map((task) => task.id);
    for (const taskId of graphIds) {
      const ofTask = sessions.filter((session) => session.taskIds.includes(taskId));
      expect(
        ofTask.filter((session) => session.status === "succeeded"),
        taskId,
      ).toHaveLength(1);
      const cut = ofTask.filter((session) => session.status !== "succeeded");
      for (const session of cut) expect(session, taskId).toMatchObject({ endReason: "runner_lost" });
      const starts = started.filter((line) => line.taskId === taskId);
      expect(starts.length, taskId).toBeLessThanOrEqual(ofTask.length);
    }
    // Only sessions the kill cut ended otherwise, and only tasks not done at the kill had them.
    const cutTasks = new Set(sessions.filter((s) => s.status !== "succeeded").flatMap((s) => s.taskIds));
    const notDoneIds = new Set(notDoneAtKill.map((task) => task.id));
    for (const taskId of cutTasks) expect(notDoneIds.has(taskId), taskId).toBe(true);
    // The session running on the survivor when the killed instance came back ran on to success.
    expect(sessions.find((session) => session.id === working.id)).toMatchObject({ status: "succeeded" });
    // Every succeeded session's agent reached its end once. A cut agent finds its output pipe
    // broken (its runner died with the instance) and never reaches its end; one that finished just
    // before the kill, its end never acknowledged, is the only other end a task may have.
    const ended = journal(runs).filter((line) => line.kind === "end");
    expect([...countBy(ended, (line) => line.sessionId).values()].every((count) => count === 1)).toBe(true);
    const succeeded = sessions.filter((session) => session.status === "succeeded");
    const endedSessions = new Set(ended.map((line) => line.sessionId));
    for (const session of succeeded) expect(endedSessions.has(session.id), session.id).toBe(true);
    // Every agent run belongs to a session of the project, as the database records it.
    const known = new Set(sessions.map((session) => session.id));
    for (const line of journal(runs)) expect(known.has(line.sessionId), line.sessionId).toBe(true);
    // The agents the kill left behind were stopped (by their runner's reaper, or else when their
    // sessions ended runner_lost): no process of any session of the project runs on.
    expect(processesOfSessions(known)).toEqual([]);
    expect(restarted.stderr()).not.toMatch(/now interrupted/);
    expect(survivor.child.exitCode).toBeNull();
    expect(restarted.child.exitCode).toBeNull();
  }, 420_000);
});
