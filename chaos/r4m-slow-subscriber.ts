// R4m: a WebSocket client subscribes to a session's log and then reads nothing (its TCP socket
// paused) while the agent floods output. The server's resident memory must stay bounded, and it
// must keep answering everyone else. Each trial compares a flood with such a subscriber to one without.
import { readFileSync } from "node:fs";
import { WebSocket } from "ws";
import type { ChaosFixture, ChaosMode, ChaosPromise, TrialResult } from "./promise";
import { makeHome, ownerClient, sleep, until } from "./serve";
import { type World, addAgent, fixturePath, runOnce, startWorld } from "./world";

/**
 * What a subscriber that reads nothing may cost the server beyond the flood itself: one
 * connection's send buffer (1 MiB) plus the message in flight (a page of ≤ 256 chunks of
 * ≤ 64 KiB, serialised), and its live queue (≤ 4 Mi characters). Before subscriptions were
 * paced it cost 165 MiB more in 8 s, and kept growing until the keep-alive cut it.
 */
const MAX_EXTRA_MIB = 96;
/** A call by someone else slower than this means the server stopped serving them. */
const MAX_ANSWER_MS = 2_000;

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

interface Flood {
  /** Peak resident memory during the flood over what it was just before, in MiB. */
  growthMib: number;
  slowestMs: number;
  words: string;
}

/**
 * One flood of `seconds` on a fresh server, with a subscriber that reads nothing or none; what
 * it cost the server. Fresh, so both floods start from the same heap: V8 grows it lazily and
 * never gives it back, so a second flood on the same server would look cheaper than the first.
 */
async function flood({ seconds, isPaused }: { seconds: number; isPaused: boolean }): Promise<Flood> {
  // The flood must keep reaching the log for the whole trial: no per-session cap in the way.
  const world = await startWorld(makeHome("r4m"), { MAESTRO_SESSION_LOG_MAX_MB: "4000" });
  try {
    return await floodIn(world, { seconds, isPaused });
  } finally {
    await world.teardown();
  }
}

async function floodIn(world: World, { seconds, isPaused }: { seconds: number; isPaused: boolean }): Promise<Flood> {
  await addAgent(world.client, "flood", [fixturePath("flood-agent.mjs"), String(seconds)]);
  const baseMib = residentMib(world.serve.pid);
  const session = await runOnce(world.client, "flood", "flood the log");
  const socket = isPaused ? await openStalledSubscriber(world.serve.url, world.serve.token, session.id) : undefined;
  const ended = until(
    "the flood to end",
    async () => ((await world.client.session.byId.query({ id: session.id })).endedAt ? true : undefined),
    (seconds + 60) * 1000,
  );
  const { peakMib, slowestMs } = await watchServer(world, ended);
  await ended;
  socket?.terminate();
  const growthMib = Math.round(peakMib - baseMib);
  const words = `RSS ${Math.round(baseMib)} → ${Math.round(peakMib)} MiB, slowest other call ${slowestMs} ms`;
  return { growthMib, slowestMs, words };
}

/**
 * The same flood twice, each on a fresh server: with a subscriber that reads nothing, and with
 * none. What the first cost beyond the second is what the slow subscriber made the server hold.
 */
async function trial(_index: number, _fixture: ChaosFixture, mode: ChaosMode): Promise<TrialResult> {
  const seconds = mode.quick ? 8 : 60;
  const paused = await flood({ seconds, isPaused: true });
  const alone = await flood({ seconds, isPaused: false });
  const extra = paused.growthMib - alone.growthMib;
  const words = `with it ${paused.words}; without ${alone.words}`;
  if (extra > MAX_EXTRA_MIB) return { ok: false, failure: `it cost ${extra} MiB more: ${words}`, measure: extra };
  if (paused.slowestMs > MAX_ANSWER_MS) return { ok: false, failure: `others waited: ${words}`, measure: extra };
  return { ok: true, measure: extra };
}

export const r4mSlowSubscriber: ChaosPromise = {
  id: "R4m",
  promise: "a slow subscriber cannot grow the server",
  trials: { full: 1, quick: 1 },
  unit: (mib) => `${mib >= 0 ? "+" : ""}${mib} MiB server RSS over the flood alone`,
  trial,
};
