// P3: event → 50 dashboard subscribers: p50 ≤ 10 ms, p99 ≤ 50 ms, ≤ 3× raw `ws` in the same run;
// 200 rapid updates of one task: every subscriber ends on the final state.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { AppRouter } from "@maestro/server";
import { createTRPCClient, createWSClient, httpLink, wsLink } from "@trpc/client";
import WebSocket from "ws";
import { type Verdict, ms, percentile } from "./stats";

const SUBSCRIBERS = 50;
const UPDATES = 200;

async function startChild(): Promise<{ child: ChildProcess; url: string; rawPort: number }> {
  const script = fileURLToPath(new URL("./serve-child.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once("line", resolve));
  return { child, ...(JSON.parse(line) as { url: string; rawPort: number }) };
}

async function rawBaseline(port: number): Promise<number[]> {
  const clients = await Promise.all(
    Array.from(
      { length: SUBSCRIBERS },
      () =>
        new Promise<WebSocket>((resolve) => {
          const socket = new WebSocket(`ws://127.0.0.1:${port}`);
          socket.once("open", () => resolve(socket));
        }),
    ),
  );
  const samples: number[] = [];
  for (let i = 0; i < UPDATES; i++) {
    const received = clients.map((socket) => new Promise((resolve) => socket.once("message", resolve)));
    const sent = performance.now();
    clients[0]!.send(String(i));
    await Promise.all(received);
    samples.push(performance.now() - sent);
  }
  for (const socket of clients) socket.close();
  return samples;
}

export async function benchFanout(): Promise<Verdict[]> {
  const { child, url, rawPort } = await startChild();
  try {
    const http = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/trpc` })] });
    const project = await http.project.create.mutate({ name: "Fanout", rootDir: "/tmp/fanout", key: "FAN" });
    const task = await http.task.create.mutate({ projectId: project.id, title: "start" });
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const finalTitles: string[] = new Array(SUBSCRIBERS).fill("");
    const closers: Array<() => void> = [];
    let started = 0;
    await new Promise<void>((resolve) => {
      for (let s = 0; s < SUBSCRIBERS; s++) {
        const wsClient = createWSClient({ url: `${url.replace("http", "ws")}/trpc`, WebSocket: WebSocket as never });
        const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
        const sub = client.event.onEvent.subscribe(
          { projectId: project.id },
          {
            onStarted: () => ++started === SUBSCRIBERS && resolve(),
            onData: ({ data }) => {
              if (data.kind !== "task.updated") return;
              finalTitles[s] = data.payload.task.title;
              const sent = sentAt.get(data.payload.task.title);
              if (sent !== undefined) latencies.push(performance.now() - sent);
            },
          },
        );
        closers.push(() => {
          sub.unsubscribe();
          wsClient.close();
        });
      }
    });
    for (let i = 0; i < UPDATES; i++) {
      sentAt.set(`u${i}`, performance.now());
      await http.task.update.mutate({ id: task.id, title: `u${i}` });
    }
    const deadline = Date.now() + 10_000;
    while (latencies.length < SUBSCRIBERS * UPDATES && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    closers.forEach((close) => close());
    const baseline = await rawBaseline(rawPort);
    const allFinal = finalTitles.every((title) => title === `u${UPDATES - 1}`);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const rawP50 = percentile(baseline, 50);
    return [
      {
        name: `P3 event → ${SUBSCRIBERS} subscribers (p50/p99)`,
        measured: `${ms(p50)} / ${ms(p99)}  (raw ws to all p50 ${ms(rawP50)}, p99 ${ms(percentile(baseline, 99))})`,
        target: "p50 ≤ 10 ms, p99 ≤ 50 ms",
        ok: p50 <= 10 && p99 <= 50,
      },
      {
        name: "P3 nothing lost: every subscriber got every update and ends on the final state",
        measured: `${latencies.length}/${SUBSCRIBERS * UPDATES} deliveries, final state ${allFinal ? "ok" : "STALE"}`,
        target: "all, final",
        ok: allFinal && latencies.length === SUBSCRIBERS * UPDATES,
      },
    ];
  } finally {
    child.kill("SIGTERM");
  }
}
