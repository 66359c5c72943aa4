// P2 (load): task create from 10 keep-alive connections at once, closed loop, against a real
// `maestro serve` child, with the server's own CPU time per create read from /proc.
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { startBaselineServer } from "./p2-baseline";
import { startServeProcess } from "./serve-process";

/** What a load runs against: a server process with its URL and owner token. */
export interface Target {
  url: string;
  token: string;
  pid: number;
}

/** utime + stime of a process, in ms (Linux clock ticks are 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "latin1").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function post(
  agent: Agent,
  server: Target,
  path: string,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${server.url}/trpc/${path}`);
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export interface LoadResult {
  calls: number;
  failures: number;
  perSecond: number;
  /** The server process's CPU time (user + system) per call, from /proc. */
  serverCpuMsPerCall: number;
  latencies: number[];
}

type Call = (agent: Agent, worker: number, i: number) => Promise<{ status: number; text: string }>;

/** `connections` clients each call back to back for `durationMs` (after a 1 s warm-up). */
async function closedLoop(server: Target, agent: Agent, call: Call, connections: number, durationMs: number) {
  let failures = 0;
  const latencies: number[] = [];
  const loop = async (worker: number, until: number, record: boolean) => {
    let i = 0;
    while (performance.now() < until) {
      const start = performance.now();
      const res = await call(agent, worker, i++);
      if (res.status !== 200) failures++;
      if (record) latencies.push(performance.now() - start);
    }
  };
  const warm = performance.now() + 1_000;
  await Promise.all(Array.from({ length: connections }, (_, worker) => loop(worker, warm, false)));
  failures = 0;
  const cpuBefore = cpuMsOf(server.pid);
  const start = performance.now();
  await Promise.all(Array.from({ length: connections }, (_, worker) => loop(worker, start + durationMs, true)));
  const elapsed = performance.now() - start;
  const cpu = cpuMsOf(server.pid) - cpuBefore;
  const calls = latencies.length;
  return { calls, failures, perSecond: (calls / elapsed) * 1000, serverCpuMsPerCall: cpu / calls, latencies };
}

/**
 * On one fresh `maestro serve`: task.create from `connections` connections at once, then
 * task.update of those tasks (title only, no version) the same way.
 */
export async function measureWriteLoad(
  connections = 10,
  durationMs = 5_000,
): Promise<{ create: LoadResult; update: LoadResult }> {
  const server = await startServeProcess("p2c");
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  try {
    const project = JSON.stringify({ name: "Bench", rootDir: "/tmp/bench", key: "BEN" });
    const created = await post(agent, server, "project.create", project);
    const projectId = (JSON.parse(created.text) as { result: { data: { id: string } } }).result.data.id;
    const ids: string[] = [];
    const create = await closedLoop(
      server,
      agent,
      async (client, worker, i) => {
        const res = await post(
          client,
          server,
          "task.create",
          JSON.stringify({ projectId, title: `task ${worker}.${i}` }),
        );
        if (res.status === 200 && ids.length < 1_000) {
          ids.push((JSON.parse(res.text) as { result: { data: { id: string } } }).result.data.id);
        }
        return res;
      },
      connections,
      durationMs,
    );
    const update = await closedLoop(
      server,
      agent,
      (client, worker, i) =>
        post(
          client,
          server,
          "task.update",
          JSON.stringify({ id: ids[(worker * 97 + i) % ids.length], title: `renamed ${i}` }),
        ),
      connections,
      durationMs,
    );
    return { create, update };
  } finally {
    agent.destroy();
    await server.stop();
  }
}

/**
 * The same closed loop of task inserts against the plain node:http + better-sqlite3 server
 * (p2-baseline.ts): what the machine does with no framework, one durable commit per request.
 */
export async function measureBaselineLoad(connections = 10, durationMs = 5_000): Promise<LoadResult> {
  const server = await startBaselineServer();
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  try {
    return await closedLoop(
      server,
      agent,
      (client, worker, i) =>
        post(client, server, "task.create", JSON.stringify({ projectId: "BEN", title: `task ${worker}.${i}` })),
      connections,
      durationMs,
    );
  } finally {
    agent.destroy();
    await server.stop();
  }
}
