// P4: agent output byte → visible to a subscriber: p95 ≤ 250 ms. A fake agent under the real
// `maestro serve` prints timestamped lines; a session.onLog WebSocket subscriber measures their
// age on arrival, next to the same agent read straight from its stdout pipe in the same run.
// BENCH_P4_LINES (200), BENCH_P4_INTERVAL_MS (20) and BENCH_P4_RUNS (3 sessions) size it; one
// short session runs first, unmeasured (warm-up); `--quick` measures one session of 50 lines.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { AppRouter } from "@maestro/server";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import WebSocket from "ws";
import { addScriptAgent, httpClient, seedAgent, startAgentSession, waitForSessionsEnd } from "./agent-sessions";
import { startServeProcess, trackChild } from "./serve-process";
import { type BenchOptions, type Verdict, atMost, ms, percentile, withDeadline } from "./stats";
import { benchEnv } from "./env";

let LINES = benchEnv.p4.lines;
const INTERVAL_MS = benchEnv.p4.intervalMs;
let RUNS = benchEnv.p4.runs;
const WARM_UP_LINES = 20;

const wallClock = () => performance.timeOrigin + performance.now();

/** Ages of `tick <i> <written at>` lines on arrival, keyed by i (a duplicate keeps the first). */
function recordTicks(text: string, receivedAt: number, ages: Map<number, number>, order: number[]): void {
  for (const line of text.split("\n")) {
    const match = /^tick (\d+) ([\d.]+)$/.exec(line);
    if (!match) continue;
    const index = Number(match[1]);
    order.push(index);
    if (!ages.has(index)) ages.set(index, receivedAt - Number(match[2]));
  }
}

/** The physical limit: the same agent's lines read from its own stdout pipe, no server between. */
async function rawPipeBaseline(): Promise<number[]> {
  const script = fileURLToPath(new URL("./agents/ticker.mjs", import.meta.url));
  const child = trackChild(
    spawn(process.execPath, [script, String(LINES), String(INTERVAL_MS), "0"], {
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  const ages = new Map<number, number>();
  const read = async () => {
    for await (const line of createInterface({ input: child.stdout! })) recordTicks(line, wallClock(), ages, []);
  };
  await withDeadline(read(), 30_000 + LINES * INTERVAL_MS * 2, "P4's raw pipe baseline", () => child.kill("SIGKILL"));
  return [...ages.values()];
}

async function measureSession(
  server: { url: string; token: string },
  projectId: string,
  run: number | "warm-up",
  agent = "ticker",
  lines = LINES,
): Promise<{ ages: number[]; order: number[] }> {
  const { url, token } = server;
  const client = httpClient(url, token);
  const id = await startAgentSession(client, projectId, agent, `latency run ${run}`);
  const wsClient = createWSClient({
    url: `${url.replace("http", "ws")}/trpc`,
    WebSocket: WebSocket as never,
    connectionParams: { token },
  });
  const ws = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
  const ages = new Map<number, number>();
  const order: number[] = [];
  // The agent waits 500 ms before its first line, so this subscription is live before any output.
  const subscription = ws.session.onLog.subscribe(
    { id, afterSeq: 0 },
    {
      onData: ({ data }) => {
        const receivedAt = wallClock();
        for (const chunk of data) if (chunk.stream === "stdout") recordTicks(chunk.text, receivedAt, ages, order);
      },
    },
  );
  try {
    await waitForSessionsEnd(client, [id], 30_000 + lines * INTERVAL_MS * 2);
    const deadline = Date.now() + 2_000;
    while (ages.size < lines && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    subscription.unsubscribe();
    wsClient.close();
  }
  return { ages: [...ages.values()], order };
}

export async function benchLogLatency({ quick }: BenchOptions): Promise<Verdict[]> {
  if (quick) [LINES, RUNS] = [Math.min(LINES, 50), 1];
  const server = await startServeProcess("p4");
  const ages: number[] = [];
  let isInOrder = true;
  let deliveries = 0;
  try {
    const client = httpClient(server.url, server.token);
    const project = await seedAgent(client, {
      key: "LAT",
      rootDir: server.home,
      name: "ticker",
      script: "ticker.mjs",
      args: [String(LINES), String(INTERVAL_MS)],
    });
    // Warm-up: the first session loads the runner's and server's cold paths; not measured.
    await addScriptAgent(client, {
      name: "ticker-warm-up",
      script: "ticker.mjs",
      args: [String(WARM_UP_LINES), String(INTERVAL_MS)],
    });
    await measureSession(server, project.id, "warm-up", "ticker-warm-up", WARM_UP_LINES);
    for (let run = 0; run < RUNS; run++) {
      const result = await measureSession(server, project.id, run);
      ages.push(...result.ages);
      deliveries += result.order.length;
      isInOrder &&= result.order.every((index, i) => index === i);
    }
  } finally {
    await server.stop();
  }
  const raw = await rawPipeBaseline();
  const expected = LINES * RUNS;
  const p95 = percentile(ages, 95);
  return [
    {
      name: `P4 agent line → session.onLog subscriber, ${RUNS}×${LINES} lines every ${INTERVAL_MS} ms (p50/p95/p99)`,
      measured: `${ms(percentile(ages, 50))} / ${ms(p95)} / ${ms(percentile(ages, 99))}  (raw stdout pipe p50 ${ms(percentile(raw, 50))}, p95 ${ms(percentile(raw, 95))})`,
      target: "p95 ≤ 250 ms",
      ok: atMost(p95, 250),
    },
    {
      name: "P4 nothing lost: every line reached the subscriber once, in order",
      measured: `${ages.length}/${expected} lines, ${deliveries} deliveries, ${isInOrder ? "in order" : "OUT OF ORDER"}`,
      target: "all, once, in order",
      ok: ages.length === expected && deliveries === expected && isInOrder,
    },
  ];
}
