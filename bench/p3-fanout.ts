// P3: event → 50 dashboard subscribers: p50 ≤ 10 ms, p99 ≤ 50 ms per delivery; the time to reach
// all of them ≤ 3× a raw `ws` broadcast to as many in the same run (p50 and p99); 200 rapid
// updates of one task: every subscriber ends on the final state. Both sides warm up first (20
// unmeasured rounds); every wait has a deadline. `--quick`: 50 updates.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { AppRouter } from "@maestro/server";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import WebSocket from "ws";
import { httpClient } from "./agent-sessions";
import { trackChild } from "./serve-process";
import { type BenchOptions, type Verdict, atMost, ms, percentile, warmUp, withDeadline } from "./stats";

const SUBSCRIBERS = 50;
const WARM_UP_ROUNDS = 20;
/** The longest one broadcast (or connecting every subscriber) may take before the bench gives up. */
const WAIT_DEADLINE_MS = 10_000;

/** How long the server process gets to start and print its ports. */
const START_DEADLINE_MS = 20_000;

async function startChild(): Promise<{ child: ChildProcess; url: string; token: string; rawPort: number }> {
  const script = fileURLToPath(new URL("./serve-child.ts", import.meta.url));
  const child = trackChild(
    spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"] }),
  );
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once("line", resolve);
      child.once("exit", (code, signal) => reject(new Error(`the server process exited (${code ?? signal})`)));
      setTimeout(
        () => reject(new Error(`the server process did not start within ${START_DEADLINE_MS / 1000} s`)),
        START_DEADLINE_MS,
      ).unref();
    });
    return { child, ...(JSON.parse(line) as { url: string; token: string; rawPort: number }) };
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
}

/** The physical limit: a bare `ws` server relaying one message to as many sockets, in the same run. */
async function rawBaseline(port: number, updates: number): Promise<number[]> {
  const sockets: WebSocket[] = [];
  const closeAll = () => sockets.forEach((socket) => socket.terminate());
  try {
    await withDeadline(
      Promise.all(
        Array.from(
          { length: SUBSCRIBERS },
          () =>
            new Promise<void>((resolve, reject) => {
              const socket = new WebSocket(`ws://127.0.0.1:${port}`);
              sockets.push(socket);
              socket.once("open", () => resolve());
              socket.once("error", reject);
            }),
        ),
      ),
      WAIT_DEADLINE_MS,
      "raw ws subscribers connecting",
    );
    const broadcast = async (i: number) => {
      const received = sockets.map((socket) => new Promise((resolve) => socket.once("message", resolve)));
      const sent = performance.now();
      sockets[0]!.send(String(i));
      await withDeadline(Promise.all(received), WAIT_DEADLINE_MS, `raw ws broadcast ${i}`);
      return performance.now() - sent;
    };
    await warmUp(WARM_UP_ROUNDS, broadcast);
    const samples: number[] = [];
    for (let i = 0; i < updates; i++) samples.push(await broadcast(i));
    return samples;
  } finally {
    closeAll();
  }
}

function latencyVerdict(latencies: number[]): Verdict {
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  return {
    name: `P3 event → ${SUBSCRIBERS} subscribers (p50/p99)`,
    measured: `${ms(p50)} / ${ms(p99)}`,
    target: "p50 ≤ 10 ms, p99 ≤ 50 ms",
    ok: atMost(p50, 10) && atMost(p99, 50),
  };
}

/** Like for like: the time until every subscriber has an update, against raw ws's time to all. */
function rawRatioVerdict(toAll: number[], raw: number[]): Verdict {
  const [p50, p99, rawP50, rawP99] = [
    percentile(toAll, 50),
    percentile(toAll, 99),
    percentile(raw, 50),
    percentile(raw, 99),
  ];
  const ratio50 = p50 / rawP50;
  const ratio99 = p99 / rawP99;
  return {
    name: `P3 time to reach all ${SUBSCRIBERS}, against raw ws in the same run (p50/p99)`,
    measured: `${ms(p50)} / ${ms(p99)} = ${ratio50.toFixed(1)}× / ${ratio99.toFixed(1)}× raw (${ms(rawP50)} / ${ms(rawP99)})`,
    target: "≤ 3× raw ws",
    // NaN (no update reached them all, or no baseline) is a miss too.
    ok: atMost(ratio50, 3) && atMost(ratio99, 3),
  };
}

export async function benchFanout({ quick }: BenchOptions): Promise<Verdict[]> {
  const UPDATES = quick ? 50 : 200;
  const { child, url, token, rawPort } = await startChild();
  const closers: Array<() => void> = [];
  try {
    const http = httpClient(url, token);
    const project = await http.project.create.mutate({ name: "Fanout", rootDir: "/tmp/fanout", key: "FAN" });
    const task = await http.task.create.mutate({ projectId: project.id, title: "start" });
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    // Per update: how many subscribers have it, and when the last one got it (raw ws's measure).
    const arrivals = new Map<string, { count: number; last: number }>();
    const finalTitles: string[] = new Array(SUBSCRIBERS).fill("");
    let started = 0;
    let warmUpsSeen = 0;
    const subscribed = new Promise<void>((resolve) => {
      for (let s = 0; s < SUBSCRIBERS; s++) {
        const wsClient = createWSClient({
          url: `${url.replace("http", "ws")}/trpc`,
          WebSocket: WebSocket as never,
          connectionParams: { token },
        });
        const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
        const sub = client.event.onEvent.subscribe(
          { projectId: project.id },
          {
            onStarted: () => ++started === SUBSCRIBERS && resolve(),
            onData: ({ data }) => {
              if (data.kind !== "task.updated") return;
              const title = data.payload.task.title;
              if (title.startsWith("warm-up")) {
                warmUpsSeen += 1;
                return;
              }
              finalTitles[s] = title;
              const sent = sentAt.get(title);
              if (sent === undefined) return;
              const now = performance.now();
              latencies.push(now - sent);
              const arrived = arrivals.get(title) ?? { count: 0, last: 0 };
              arrivals.set(title, { count: arrived.count + 1, last: now });
            },
          },
        );
        closers.push(() => {
          sub.unsubscribe();
          wsClient.close();
        });
      }
    });
    await withDeadline(subscribed, WAIT_DEADLINE_MS * 3, `${SUBSCRIBERS} subscriptions starting`);
    // Warm-up: unmeasured updates, each waited for at every subscriber (or its deadline).
    await warmUp(WARM_UP_ROUNDS, (i) => http.task.update.mutate({ id: task.id, title: `warm-up ${i}` }));
    const warmDeadline = Date.now() + WAIT_DEADLINE_MS;
    while (warmUpsSeen < SUBSCRIBERS * WARM_UP_ROUNDS && Date.now() < warmDeadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    for (let i = 0; i < UPDATES; i++) {
      sentAt.set(`u${i}`, performance.now());
      await http.task.update.mutate({ id: task.id, title: `u${i}` });
    }
    const deadline = Date.now() + WAIT_DEADLINE_MS;
    while (latencies.length < SUBSCRIBERS * UPDATES && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    closers.splice(0).forEach((close) => close());
    const baseline = await rawBaseline(rawPort, UPDATES);
    const allFinal = finalTitles.every((title) => title === `u${UPDATES - 1}`);
    const toAll = [...sentAt].flatMap(([title, sent]) => {
      const arrived = arrivals.get(title);
      return arrived?.count === SUBSCRIBERS ? [arrived.last - sent] : [];
    });
    return [
      latencyVerdict(latencies),
      rawRatioVerdict(toAll, baseline),
      {
        name: "P3 nothing lost: every subscriber got every update and ends on the final state",
        measured: `${latencies.length}/${SUBSCRIBERS * UPDATES} deliveries, final state ${allFinal ? "ok" : "STALE"}`,
        target: "all, final",
        ok: allFinal && latencies.length === SUBSCRIBERS * UPDATES,
      },
    ];
  } finally {
    closers.forEach((close) => close());
    child.kill("SIGTERM");
  }
}
