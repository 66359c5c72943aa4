// P2 (load): task create from 10 keep-alive connections at once, closed loop, against a real
// `maestro serve` child, with the server's own CPU time per create read from /proc.
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { type ServeProcess, startServeProcess } from "./serve-process";

/** utime + stime of a process, in ms (Linux clock ticks are 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "latin1").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function post(
  agent: Agent,
  server: ServeProcess,
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

export interface ConcurrentResult {
  creates: number;
  failures: number;
  perSecond: number;
  serverCpuMsPerCreate: number;
  latencies: number[];
}

/** `connections` clients each create tasks back to back for `durationMs` (after a warm-up). */
export async function measureConcurrentCreates(connections = 10, durationMs = 5_000): Promise<ConcurrentResult> {
  const server = await startServeProcess("p2c");
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  try {
    const created = await post(
      agent,
      server,
      "project.create",
      JSON.stringify({ name: "Bench", rootDir: "/tmp/bench", key: "BEN" }),
    );
    const projectId = (JSON.parse(created.text) as { result: { data: { id: string } } }).result.data.id;
    let failures = 0;
    const latencies: number[] = [];
    const loop = async (until: number, record: boolean) => {
      let i = 0;
      while (performance.now() < until) {
        const start = performance.now();
        const res = await post(agent, server, "task.create", JSON.stringify({ projectId, title: `task ${i++}` }));
        if (res.status !== 200) failures++;
        if (record) latencies.push(performance.now() - start);
      }
    };
    const warm = performance.now() + 1_000;
    await Promise.all(Array.from({ length: connections }, () => loop(warm, false)));
    failures = 0;
    const cpuBefore = cpuMsOf(server.pid);
    const start = performance.now();
    await Promise.all(Array.from({ length: connections }, () => loop(start + durationMs, true)));
    const elapsed = performance.now() - start;
    const cpu = cpuMsOf(server.pid) - cpuBefore;
    const creates = latencies.length;
    return { creates, failures, perSecond: (creates / elapsed) * 1000, serverCpuMsPerCreate: cpu / creates, latencies };
  } finally {
    agent.destroy();
    await server.stop();
  }
}
