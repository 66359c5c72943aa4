// P2: task create/update through tRPC: p50 ≤ 1 ms, p99 ≤ 5 ms (sequential client, 5k calls),
// next to a bare node:http round trip measured in the same run; then task create from 10
// connections at once against a real `maestro serve`: ≥ 1,700 req/s, ≤ 0.5 ms server CPU each.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AppRouter, startServer } from "@maestro/server";
import { createTRPCClient, httpLink } from "@trpc/client";
import { measureWriteLoad } from "./p2-concurrent";
import { type Verdict, ms, percentile } from "./stats";

async function bareHttpBaseline(calls: number): Promise<number[]> {
  const server = createServer((_req, res) => res.end("{}"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await (await fetch(url, { method: "POST", body: "{}" })).text();
    samples.push(performance.now() - start);
  }
  server.close();
  return samples;
}

/** P2 whole: the sequential calls, then the 10-connection load. */
export async function benchWrites(calls = 5_000): Promise<Verdict[]> {
  return [...(await benchSequentialWrites(calls)), ...(await benchConcurrentWrites())];
}

async function benchSequentialWrites(calls: number): Promise<Verdict[]> {
  const home = mkdtempSync(join(tmpdir(), "maestro-bench-"));
  const server = await startServer({ home, host: "127.0.0.1", port: 0, log: () => {} });
  try {
    const client = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${server.url}/trpc`, headers: { authorization: `Bearer ${server.token}` } })],
    });
    const project = await client.project.create.mutate({ name: "Bench", rootDir: "/tmp/bench", key: "BEN" });
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
      ok: percentile(samples, 50) <= 1 && percentile(samples, 99) <= 5,
    });
    return [
      verdict(`P2 task.create ×${calls} (p50/p99)`, creates),
      verdict(`P2 task.update ×${calls} (p50/p99)`, updates),
    ];
  } finally {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }
}

/** Task create from 10 connections at once (closed loop) against `maestro serve`, and its CPU per create. */
export async function benchConcurrentWrites(): Promise<Verdict[]> {
  const { create } = await measureWriteLoad(10, 5_000);
  return [
    {
      name: "P2 task.create, 10 connections (rate, server CPU each)",
      measured: `${Math.round(create.perSecond)} req/s, ${create.serverCpuMsPerCall.toFixed(2)} ms CPU (p50 ${ms(percentile(create.latencies, 50))}, ${create.failures} failed)`,
      target: "≥ 1,700 req/s, ≤ 0.5 ms CPU per create",
      ok: create.failures === 0 && create.perSecond >= 1_700 && create.serverCpuMsPerCall <= 0.5,
    },
  ];
}
