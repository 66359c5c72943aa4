// T1: task create throughput and event fan-out with 1, 2 and 3 `maestro serve` instances on one
// PostgreSQL database on this machine. 12 keep-alive connections in a closed loop (spread evenly
// over the instances) create tasks for a few seconds; one WebSocket subscriber per instance
// follows the event stream, and for every task the moment its task.created reached the last
// instance is compared with the moment its create was sent (one clock: this process).
// Every event appended takes the event log's advisory lock: event-appending commits are
// sequential, whatever the number of instances; the CPU per create (instances + PostgreSQL) shows
// where the ceiling comes from.
import { Agent } from "node:http";
import { loadavg } from "node:os";
import type { AppRouter } from "@maestro/server";
import type { MaestroEvent } from "@maestro/domain";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import WebSocket from "ws";
import type { PgCluster } from "@maestro/db";
import { post } from "./p2-concurrent";
import {
  type Instance,
  TEAM_OWNER_TOKEN,
  clusterCpuMs,
  dataOf,
  instancesCpuMs,
  startBenchCluster,
  startInstances,
  stopInstances,
} from "./team";
import { type BenchOptions, type Verdict, ms, percentile, withDeadline } from "./stats";

const CONNECTIONS = 12;
const WARM_UP_MS = 1_000;
/** How long after the load every instance may take to have every event. */
const DRAIN_DEADLINE_MS = 30_000;

interface Measured {
  instances: number;
  calls: number;
  failures: number;
  perSecond: number;
  serverCpuMsPerCall: number;
  pgCpuMsPerCall: number;
  /** Per task: sent → its task.created seen on every instance, ms. */
  fanout: number[];
  /** Events missing on some instance after the drain deadline (0 when all arrived). */
  missing: number;
}

/** Follows task.created on `instance` over WebSocket: title → when it arrived. */
function follow(instance: Instance) {
  const arrived = new Map<string, number>();
  const ws = createWSClient({
    url: `${instance.url.replace("http", "ws")}/trpc`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: { token: TEAM_OWNER_TOKEN },
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
  const subscription = client.event.onEvent.subscribe(
    {},
    {
      onData: ({ data }: { data: MaestroEvent }) => {
        if (data.kind === "task.created") arrived.set(data.payload.task.title, performance.now());
      },
    },
  );
  return {
    arrived,
    close: async () => {
      subscription.unsubscribe();
      await ws.close();
    },
  };
}

async function measure(cluster: PgCluster, count: number, durationMs: number): Promise<Measured> {
  const url = await cluster.createDatabase(`t1_${count}`);
  const instances = await startInstances(url, count);
  const agents = instances.map(() => new Agent({ keepAlive: true, maxSockets: CONNECTIONS }));
  const followers = instances.map(follow);
  try {
    const project = dataOf<{ id: string }>(
      (
        await post(
          agents[0]!,
          instances[0]!,
          "project.create",
          JSON.stringify({ name: "T1", rootDir: "/tmp/t1", key: "TEA" }),
        )
      ).text,
    );
    // The subscribers are connected once each has seen a task created for the purpose.
    await post(agents[0]!, instances[0]!, "task.create", JSON.stringify({ projectId: project.id, title: "hello" }));
    await withDeadline(
      (async () => {
        while (!followers.every((f) => f.arrived.has("hello"))) await new Promise((r) => setTimeout(r, 20));
      })(),
      DRAIN_DEADLINE_MS,
      "every subscriber connected",
    );
    const sent = new Map<string, number>();
    let failures = 0;
    let calls = 0;
    const loop = async (worker: number, until: number, record: boolean) => {
      const target = worker % count;
      for (let i = 0; performance.now() < until; i++) {
        const title = `${record ? "m" : "w"}${worker}.${i}`;
        const start = performance.now();
        const res = await post(
          agents[target]!,
          instances[target]!,
          "task.create",
          JSON.stringify({ projectId: project.id, title }),
        );
        if (!record) continue;
        if (res.status === 200) {
          sent.set(title, start);
          calls++;
        } else failures++;
      }
    };
    const warm = performance.now() + WARM_UP_MS;
    await Promise.all(Array.from({ length: CONNECTIONS }, (_, worker) => loop(worker, warm, false)));
    const cpuBefore = instancesCpuMs(instances);
    const pgBefore = clusterCpuMs(cluster);
    const start = performance.now();
    await Promise.all(Array.from({ length: CONNECTIONS }, (_, worker) => loop(worker, start + durationMs, true)));
    const elapsed = performance.now() - start;
    const serverCpu = instancesCpuMs(instances) - cpuBefore;
    const pgCpu = clusterCpuMs(cluster) - pgBefore;
    const titles = [...sent.keys()];
    const drainUntil = performance.now() + DRAIN_DEADLINE_MS;
    while (performance.now() < drainUntil && !followers.every((f) => titles.every((t) => f.arrived.has(t)))) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const fanout: number[] = [];
    let missing = 0;
    for (const title of titles) {
      const arrivals = followers.map((f) => f.arrived.get(title));
      if (arrivals.some((a) => a === undefined)) missing++;
      else fanout.push(Math.max(...(arrivals as number[])) - sent.get(title)!);
    }
    return {
      instances: count,
      calls,
      failures,
      perSecond: (calls / elapsed) * 1000,
      serverCpuMsPerCall: serverCpu / calls,
      pgCpuMsPerCall: pgCpu / calls,
      fanout,
      missing,
    };
  } finally {
    await Promise.all(followers.map((f) => f.close().catch(() => undefined)));
    for (const agent of agents) agent.destroy();
    await stopInstances(instances);
  }
}

export async function benchTeamWrites({ quick }: BenchOptions): Promise<Verdict[]> {
  const cluster = await startBenchCluster();
  try {
    const results: Measured[] = [];
    for (const count of [1, 2, 3]) results.push(await measure(cluster, count, quick ? 2_000 : 5_000));
    const one = results[0]!.perSecond;
    return [
      ...results.map((r) => ({
        name: `T1 task.create on PostgreSQL, ${r.instances} instance(s), ${CONNECTIONS} connections (rate, CPU per create)`,
        measured: `${Math.round(r.perSecond)} req/s (${(r.perSecond / one).toFixed(2)}× one), CPU ${r.serverCpuMsPerCall.toFixed(2)} ms instances + ${r.pgCpuMsPerCall.toFixed(2)} ms PostgreSQL, ${r.failures} failed; load ${loadavg()[0]!.toFixed(1)}`,
        target: "no failure",
        ok: r.failures === 0 && r.calls > 0,
      })),
      ...results.map((r) => ({
        name: `T1 event fan-out, ${r.instances} instance(s): create sent → task.created on every instance (p50/p99)`,
        measured: `${ms(percentile(r.fanout, 50))} / ${ms(percentile(r.fanout, 99))} over ${r.fanout.length} tasks, ${r.missing} missing`,
        target: "every event on every instance",
        ok: r.missing === 0 && r.fanout.length > 0,
      })),
    ];
  } finally {
    await cluster.stop();
  }
}
