// P2: task create/update through tRPC: p50 ≤ 1 ms, p99 ≤ 5 ms (sequential client, 5k calls),
// next to a bare node:http round trip measured in the same run, 200 of each first, unmeasured
// (warm-up), `--quick` measures 500; then task create from 10 connections at once against a real
// `maestro serve`: ≥ 1,700 req/s, ≤ 0.5 ms server CPU each, and ≥ 0.9× a plain node:http +
// better-sqlite3 server (WAL, synchronous=FULL) doing the same insert, measured just before it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "@maestro/server";
import { fetchWithDeadline, httpClient } from "./agent-sessions";
import { measureBaselineLoad, measureWriteLoad } from "./p2-concurrent";
import { type BenchOptions, type Verdict, atMost, ms, percentile, warmUp, withDeadline } from "./stats";

const WARM_UP_CALLS = 200;

async function bareHttpBaseline(calls: number): Promise<number[]> {
  const server = createServer((_req, res) => res.end("{}"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const samples: number[] = [];
  const call = async () => (await fetchWithDeadline(url, { method: "POST", body: "{}" })).text();
  await warmUp(WARM_UP_CALLS, call);
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await call();
    samples.push(performance.now() - start);
  }
  server.close();
  return samples;
}

/** P2 whole: the sequential calls, then the 10-connection load. */
export async function benchWrites({ quick }: BenchOptions): Promise<Verdict[]> {
  return [...(await benchSequentialWrites(quick ? 500 : 5_000)), ...(await benchConcurrentWrites(quick))];
}

async function benchSequentialWrites(calls: number): Promise<Verdict[]> {
  const home = mkdtempSync(join(tmpdir(), "maestro-bench-"));
  const server = await startServer({ home, host: "127.0.0.1", port: 0, log: () => {} });
  try {
    const client = httpClient(server.url, server.token);
    const project = await client.project.create.mutate({ name: "Bench", rootDir: "/tmp/bench", key: "BEN" });
    await warmUp(WARM_UP_CALLS, async (i) => {
      const task = await client.task.create.mutate({ projectId: project.id, title: `warm-up ${i}` });
      await client.task.update.mutate({ id: task.id, title: `warm-up ${i} renamed` });
    });
    const creates: number[] = [];
    const ids: string[] = [];
    for (let i = 0; i < calls; i++) {
      const start = performance.now();
      const task = await client.task.create.mutate({ projectId: project.id, title: `task ${i}` });
      creates.push(performance.now() - start);
      ids.push(task.id);
    }
    const updates: number[] = [];
    for (let i = 0; i < calls; i++) {
      const start = performance.now();
      await client.task.update.mutate({ id: ids[i % ids.length]!, title: `renamed ${i}` });
      updates.push(performance.now() - start);
    }
    const baseline = await bareHttpBaseline(1_000);
    const verdict = (name: string, samples: number[]): Verdict => ({
      name,
      measured: `${ms(percentile(samples, 50))} / ${ms(percentile(samples, 99))}  (bare http p50 ${ms(percentile(baseline, 50))})`,
      target: "p50 ≤ 1 ms, p99 ≤ 5 ms",
      ok: atMost(percentile(samples, 50), 1) && atMost(percentile(samples, 99), 5),
    });
    return [
      verdict(`P2 task.create ×${calls} (p50/p99)`, creates),
      verdict(`P2 task.update ×${calls} (p50/p99)`, updates),
    ];
  } finally {
    await withDeadline(server.close(), 30_000, "closing the server");
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Task create from 10 connections at once (closed loop) against `maestro serve`, and its CPU per
 * create; the plain baseline server is loaded the same way right before, for the ratio.
 */
async function benchConcurrentWrites(quick: boolean): Promise<Verdict[]> {
  const durationMs = quick ? 2_000 : 5_000;
  const baseline = await measureBaselineLoad(10, durationMs);
  const { create } = await measureWriteLoad(10, durationMs);
  const ratio = create.perSecond / baseline.perSecond;
  return [
    {
      name: "P2 task.create, 10 connections (rate, server CPU each)",
      measured: `${Math.round(create.perSecond)} req/s, ${create.serverCpuMsPerCall.toFixed(2)} ms CPU (p50 ${ms(percentile(create.latencies, 50))}, ${create.failures} failed)`,
      target: "≥ 1,700 req/s, ≤ 0.5 ms CPU per create",
      ok: create.failures === 0 && create.perSecond >= 1_700 && create.serverCpuMsPerCall <= 0.5,
    },
    {
      name: "P2 task.create, 10 connections ÷ plain node:http + SQLite",
      measured: `${ratio.toFixed(2)}× (plain: ${Math.round(baseline.perSecond)} req/s, ${baseline.serverCpuMsPerCall.toFixed(2)} ms CPU each, ${baseline.failures} failed)`,
      target: "≥ 0.9×",
      ok: baseline.failures === 0 && ratio >= 0.9,
    },
  ];
}
