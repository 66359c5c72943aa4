// T2: claims per second with 100 simulated runners against 1, 2 and 3 `maestro serve` instances
// on one PostgreSQL database. A queue of sessions (shell tasks) is filled first; then 100 runners
// (HTTP clients with the runners' token, spread evenly over the instances) each call
// runner.claim → runner.started → runner.finish back to back until the queue is empty. Measured:
// full claim cycles per second, the claim call's latency, and that no session was claimed twice
// and every one was finished.
import { mkdtempSync, rmSync } from "node:fs";
import { Agent } from "node:http";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { PgCluster } from "@maestro/db";
import { httpClient } from "./agent-sessions";
import { type Target, post } from "./p2-concurrent";
import {
  type Instance,
  TEAM_RUNNER_TOKEN,
  clusterCpuMs,
  dataOf,
  instancesCpuMs,
  startBenchCluster,
  startInstances,
  stopInstances,
} from "./team";
import { type BenchOptions, type Verdict, ms, percentile } from "./stats";

const RUNNERS = 100;
const SEED_CONNECTIONS = 8;

interface Measured {
  instances: number;
  sessions: number;
  cycles: number;
  perSecond: number;
  claimLatencies: number[];
  claimedTwice: number;
  failures: number;
  unfinished: number;
  cpuMsPerCycle: number;
  pgCpuMsPerCycle: number;
}

async function call<T>(agent: Agent, target: Target, path: string, input: object): Promise<T> {
  const res = await post(agent, target, path, JSON.stringify(input));
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
  return dataOf<T>(res.text);
}

/** `sessions` queued shell sessions of one project, written through every instance at once. */
async function fillQueue(instances: Instance[], agents: Agent[], sessions: number, rootDir: string): Promise<string> {
  const project = await call<{ id: string }>(agents[0]!, instances[0]!, "project.create", {
    name: "T2",
    rootDir,
    key: "CLA",
  });
  let next = 0;
  await Promise.all(
    Array.from({ length: SEED_CONNECTIONS }, async (_, worker) => {
      const at = worker % instances.length;
      while (next < sessions) {
        const i = next++;
        const task = await call<{ id: string }>(agents[at]!, instances[at]!, "task.create", {
          projectId: project.id,
          title: `claim ${i}`,
          command: "true",
        });
        await call(agents[at]!, instances[at]!, "session.start", { taskIds: [task.id] });
      }
    }),
  );
  return project.id;
}

async function measure(cluster: PgCluster, count: number, sessions: number): Promise<Measured> {
  const url = await cluster.createDatabase(`t2_${count}`);
  const instances = await startInstances(url, count);
  const agents = instances.map(() => new Agent({ keepAlive: true, maxSockets: RUNNERS }));
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-bench-t2-"));
  try {
    await fillQueue(instances, agents, sessions, rootDir);
    const runnerTargets = instances.map((instance) => ({ ...instance, token: TEAM_RUNNER_TOKEN }));
    const claimed = new Map<string, number>();
    const claimLatencies: number[] = [];
    let failures = 0;
    let finished = 0;
    const runner = async (index: number) => {
      const at = index % count;
      const [agent, target] = [agents[at]!, runnerTargets[at]!];
      const runnerId = `sim-${index}`;
      for (;;) {
        const start = performance.now();
        let claim: { session: { id: string }; lease: number } | null;
        try {
          claim = await call(agent, target, "runner.claim", { runnerId });
        } catch (error) {
          // A server that keeps failing ends this runner (the verdict shows the failures).
          if (++failures > RUNNERS) throw error;
          continue;
        }
        claimLatencies.push(performance.now() - start);
        if (!claim) return;
        const ref = { sessionId: claim.session.id, lease: claim.lease };
        claimed.set(ref.sessionId, (claimed.get(ref.sessionId) ?? 0) + 1);
        try {
          await call(agent, target, "runner.started", {
            ...ref,
            pid: 1,
            cwd: rootDir,
            worktreePath: null,
            branch: null,
          });
          await call(agent, target, "runner.finish", { ...ref, exitCode: 0, signal: null, error: null });
          finished++;
        } catch {
          failures++;
        }
      }
    };
    const cpuBefore = instancesCpuMs(instances);
    const pgBefore = clusterCpuMs(cluster);
    const start = performance.now();
    await Promise.all(Array.from({ length: RUNNERS }, (_, index) => runner(index)));
    const elapsed = performance.now() - start;
    const cycles = [...claimed.values()].length;
    const queued = await httpClient(instances[0]!.url, instances[0]!.token).session.list.query({
      status: ["queued", "running"],
      limit: 100,
    });
    return {
      instances: count,
      sessions,
      cycles,
      perSecond: (finished / elapsed) * 1000,
      claimLatencies,
      claimedTwice: [...claimed.values()].filter((n) => n > 1).length,
      failures,
      unfinished: sessions - finished + queued.items.length,
      cpuMsPerCycle: (instancesCpuMs(instances) - cpuBefore) / Math.max(finished, 1),
      pgCpuMsPerCycle: (clusterCpuMs(cluster) - pgBefore) / Math.max(finished, 1),
    };
  } finally {
    for (const agent of agents) agent.destroy();
    await stopInstances(instances);
    rmSync(rootDir, { recursive: true, force: true });
  }
}

export async function benchTeamClaims({ quick }: BenchOptions): Promise<Verdict[]> {
  const cluster = await startBenchCluster();
  try {
    const results: Measured[] = [];
    for (const count of [1, 2, 3]) results.push(await measure(cluster, count, quick ? 300 : 1_000));
    return results.map((r) => ({
      name: `T2 claim → started → finish, ${RUNNERS} simulated runners, ${r.instances} instance(s) on PostgreSQL`,
      measured: `${r.perSecond.toFixed(0)} cycles/s over ${r.cycles} sessions (claim p50/p99 ${ms(percentile(r.claimLatencies, 50))}/${ms(percentile(r.claimLatencies, 99))}; CPU ${r.cpuMsPerCycle.toFixed(1)} ms instances + ${r.pgCpuMsPerCycle.toFixed(1)} ms PostgreSQL each); ${r.claimedTwice} claimed twice, ${r.unfinished} unfinished, ${r.failures} failed calls; load ${loadavg()[0]!.toFixed(1)}`,
      target: "each session claimed once, all finished",
      ok: r.claimedTwice === 0 && r.unfinished === 0 && r.failures === 0 && r.cycles === r.sessions,
    }));
  } finally {
    await cluster.stop();
  }
}
