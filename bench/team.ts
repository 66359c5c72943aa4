// What the team benches (T1–T3) share: a throw-away PostgreSQL cluster on this machine (durable:
// fsync on, as a real one), several `maestro serve` instances on one of its databases (serve-child
// processes with the same owner and runners' tokens), and the CPU the cluster's processes use.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type PgCluster, startPgCluster } from "@maestro/db";
import type { Target } from "./p2-concurrent";
import { type ServerChild, startServerChild } from "./p3-sides";
import { childPids, processCpuMs } from "./serve-process";

export const TEAM_OWNER_TOKEN = "bench-owner-token-of-the-whole-team-0123456789";
export const TEAM_RUNNER_TOKEN = "bench-runner-token-of-the-whole-team-012345678";

export interface Instance extends Target {
  child: ServerChild;
}

/** A cluster for one bench, stopped (and its folder removed) by `stop()`. */
export async function startBenchCluster(): Promise<PgCluster> {
  return await startPgCluster({ durable: true });
}

/** `count` serve-child processes on `databaseUrl`, started one after another (the first migrates). */
export async function startInstances(databaseUrl: string, count: number): Promise<Instance[]> {
  const instances: Instance[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const child = await startServerChild("./serve-child.ts", {
        BENCH_DATABASE_URL: databaseUrl,
        BENCH_TOKEN: TEAM_OWNER_TOKEN,
        BENCH_RUNNER_TOKEN: TEAM_RUNNER_TOKEN,
      });
      const info = child.info as { url: string; token: string; pid: number };
      instances.push({ child, url: info.url, token: info.token, pid: info.pid });
    }
    return instances;
  } catch (error) {
    await stopInstances(instances);
    throw error;
  }
}

export async function stopInstances(instances: readonly Instance[]): Promise<void> {
  await Promise.all(instances.map((instance) => instance.child.stop()));
}

/**
 * CPU (user + system, ms) the cluster's processes used so far: the postmaster, its backends and
 * workers alive now, and those that exited (the postmaster's reaped children).
 */
export function clusterCpuMs(cluster: PgCluster): number {
  const postmaster = Number(readFileSync(join(cluster.dataDir, "postmaster.pid"), "latin1").split("\n")[0]);
  const alive = [postmaster, ...childPids(postmaster)].map((pid) => processCpuMs(pid)).filter(Number.isFinite);
  return alive.reduce((a, b) => a + b, 0) + processCpuMs(postmaster, true);
}

/** The sum of the instances' own CPU so far, ms. */
export function instancesCpuMs(instances: readonly Instance[]): number {
  return instances.map((instance) => processCpuMs(instance.pid)).reduce((a, b) => a + b, 0);
}

/** The `data` of a tRPC answer's body. */
export function dataOf<T>(text: string): T {
  return (JSON.parse(text) as { result: { data: T } }).result.data;
}
