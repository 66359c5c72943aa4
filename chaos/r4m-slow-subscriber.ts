// R4m: a WebSocket client subscribes to a session's log and then reads nothing (its TCP socket
// paused) while the agent floods output. The server's resident memory must stay bounded, and it
// must keep answering everyone else. Each trial is one flood with one stalled subscriber.
import { readFileSync } from "node:fs";
import { WebSocket } from "ws";
import type { ChaosFixture, ChaosMode, ChaosPromise, TrialResult } from "./promise";
import { makeHome, ownerClient, sleep, until } from "./serve";
import { type World, addAgent, fixturePath, runOnce, startWorld } from "./world";

/**
 * Growth allowed over the server's resident memory before the flood. A flood alone costs the
 * server 55–85 MiB here (SQLite's page cache, batches in flight, the heap it grows into); a
 * subscriber whose unsent output piled up adds what the agent printed — it grew the server by
 * 220 MiB in 8 s before subscriptions were paced — so this bound fails within seconds.
 */
const MAX_GROWTH_MIB = 128;
/** A call by someone else slower than this means the server stopped serving them. */
const MAX_ANSWER_MS = 2_000;

interface R4mFixture extends ChaosFixture {
  world: World;
}

function residentMib(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

/** A raw tRPC WebSocket client that subscribes to a session's log, then stops reading its socket. */
async function openStalledSubscriber(url: string, token: string, sessionId: string): Promise<WebSocket> {
  const socket = new WebSocket(`${url.replace(/^http/, "ws")}/trpc?connectionParams=1`);
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  socket.send(JSON.stringify({ method: "connectionParams", data: { token } }));
  const started = new Promise((resolve) => socket.once("message", resolve));
  socket.send(
    JSON.stringify({
      id: 1,
      method: "subscription",
      params: { path: "session.onLog", input: { id: sessionId, afterSeq: 0 } },
    }),
  );
  await started;
  socket.pause();
  return socket;
}

/** Samples the server's memory and times a call by another client, every 250 ms until `untilDone` resolves. */
async function watchServer(world: World, untilDone: Promise<unknown>) {
  const other = ownerClient(world.serve);
  let isDone = false;
  void untilDone.finally(() => (isDone = true));
  let peakMib = 0;
  let slowestMs = 0;
  while (!isDone) {
    peakMib = Math.max(peakMib, residentMib(world.serve.pid));
    const asked = Date.now();
    await other.project.list.query({ limit: 10 });
    slowestMs = Math.max(slowestMs, Date.now() - asked);
    await sleep(250);
  }
  return { peakMib, slowestMs };
}

async function trial(index: number, fixture: ChaosFixture, mode: ChaosMode): Promise<TrialResult> {
  const { world } = fixture as R4mFixture;
  const seconds = mode.quick ? 8 : 60;
  const agent = `flood-${index}`;
  await addAgent(world.client, agent, [fixturePath("flood-agent.mjs"), String(seconds)]);
  const baseMib = residentMib(world.serve.pid);
  const session = await runOnce(world.client, agent, "flood the log");
  const socket = await openStalledSubscriber(world.serve.url, world.serve.token, session.id);
  const ended = until(
    "the flood to end",
    async () => ((await world.client.session.byId.query({ id: session.id })).endedAt ? true : undefined),
    (seconds + 60) * 1000,
  );
  const { peakMib, slowestMs } = await watchServer(world, ended);
  await ended;
  socket.terminate();
  const growth = Math.round(peakMib - baseMib);
  const stored = (await world.client.session.byId.query({ id: session.id })).status;
  const words = `RSS ${Math.round(baseMib)} → ${Math.round(peakMib)} MiB, slowest other call ${slowestMs} ms, flood ${stored}`;
  if (growth > MAX_GROWTH_MIB) return { ok: false, failure: `grew ${growth} MiB: ${words}`, measure: growth };
  if (slowestMs > MAX_ANSWER_MS) return { ok: false, failure: `stopped answering: ${words}`, measure: growth };
  return { ok: true, measure: growth };
}

export const r4mSlowSubscriber: ChaosPromise = {
  id: "R4m",
  promise: "a slow subscriber cannot grow the server",
  trials: { full: 1, quick: 1 },
  unit: (mib) => `+${mib} MiB server RSS`,
  async setup() {
    // The flood must keep reaching the log for the whole trial: no per-session cap in the way.
    const world = await startWorld(makeHome("r4m"), { MAESTRO_SESSION_LOG_MAX_MB: "4000" });
    return { world, teardown: () => world.teardown() };
  },
  trial,
};
