// R4: a live session log and the project's event stream, followed over one WebSocket through a
// proxy that cuts it at random moments; the client resumes as the CLI and dashboard do (tRPC's
// wsLink sends the last tracked id back). Each trial is one drop; what arrived must match the
// database with no gap and no duplicate, checked after every drop and in full after the last.
import type { LogChunk, MaestroEvent } from "@maestro/domain";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import type { AppRouter } from "@maestro/server";
import { WebSocket } from "ws";
import { type DropProxy, startDropProxy } from "./drop-proxy";
import type { ChaosFixture, ChaosMode, ChaosPromise, TrialResult } from "./promise";
import { type Client, freePort, makeHome, sleep, until } from "./serve";
import { PROJECT_KEY, type World, addAgent, fixturePath, runOnce, startWorld, storedLog } from "./world";

/** What one follower has received, in arrival order. */
interface Received {
  logSeqs: number[];
  logText: string[];
  eventIds: number[];
  /** Date.now() of the last arrival on each stream. */
  lastLogAt: number;
  lastEventAt: number;
}

interface R4Fixture extends ChaosFixture {
  world: World;
  proxy: DropProxy;
  sessionId: string;
  startEventId: number;
  received: Received;
  stopWriting: () => Promise<void>;
}

/** Follows the log and the events through the proxy, over one WebSocket, as a dashboard would. */
function follow(proxyPort: number, token: string, sessionId: string, startEventId: number) {
  const received: Received = { logSeqs: [], logText: [], eventIds: [], lastLogAt: 0, lastEventAt: 0 };
  const wsClient = createWSClient({
    url: `ws://127.0.0.1:${proxyPort}/trpc`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: () => ({ token }),
    retryDelayMs: () => 20,
  });
  const live = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
  const log = live.session.onLog.subscribe(
    { id: sessionId, afterSeq: 0 },
    {
      onData: ({ data }: { data: LogChunk[] }) => {
        for (const chunk of data) {
          received.logSeqs.push(chunk.seq);
          received.logText.push(chunk.text);
        }
        received.lastLogAt = Date.now();
      },
    },
  );
  const events = live.event.onEvent.subscribe(
    { projectId: PROJECT_KEY, lastEventId: String(startEventId) },
    {
      onData: ({ data }: { data: MaestroEvent }) => {
        received.eventIds.push(Number(data.id));
        received.lastEventAt = Date.now();
      },
    },
  );
  const close = () => {
    log.unsubscribe();
    events.unsubscribe();
    return wsClient.close();
  };
  return { received, close };
}

/** Task edits in the background, so the event stream always has something new on it. */
function writeSteadily(client: Client, taskId: string): () => Promise<void> {
  let isWriting = true;
  const loop = (async () => {
    for (let n = 0; isWriting; n++) {
      await client.task.update.mutate({ id: taskId, description: `edit ${n}` });
      await sleep(15);
    }
  })();
  return async () => {
    isWriting = false;
    await loop;
  };
}

/** The first duplicate, or id out of order (`follows` says whether `id` may come after `previous`), or null. */
function firstBreak(
  ids: readonly number[],
  after: number,
  follows: (id: number, previous: number) => boolean,
): string | null {
  const seen = new Set<number>();
  let previous = after;
  for (const id of ids) {
    if (seen.has(id)) return `duplicate ${id}`;
    seen.add(id);
    if (!follows(id, previous)) return `${id} after ${previous}`;
    previous = id;
  }
  return null;
}

async function setup(mode: ChaosMode): Promise<R4Fixture> {
  const proxyPort = await freePort();
  const world = await startWorld(makeHome("r4"), { MAESTRO_ALLOWED_HOSTS: `127.0.0.1:${proxyPort}` });
  const proxy = await startDropProxy(world.serve.port, proxyPort);
  // Long enough for every drop; the last trial stops it.
  const lines = mode.quick ? 20_000 : 100_000;
  await addAgent(world.client, "numbered", [fixturePath("numbered-agent.mjs"), String(lines), "10"]);
  const session = await runOnce(world.client, "numbered", "print numbered lines");
  const editable = await world.client.task.create.mutate({ projectId: PROJECT_KEY, title: "edited steadily" });
  const latest = await world.client.event.list.query({ projectId: PROJECT_KEY, order: "desc", limit: 1 });
  const startEventId = Number(latest.items[0]?.id ?? 0);
  const follower = follow(proxy.port, world.serve.token, session.id, startEventId);
  const stopWriting = writeSteadily(world.client, editable.id);
  const { received } = follower;
  await until("both streams to start", () => (received.lastLogAt && received.lastEventAt ? true : undefined), 60_000);
  return {
    world,
    proxy,
    sessionId: session.id,
    startEventId,
    received: follower.received,
    stopWriting,
    async teardown() {
      await stopWriting();
      await follower.close();
      await proxy.close();
      await world.teardown();
    },
  };
}

/** Every event id of the project after `after`, from the database. */
async function storedEventIds(client: Client, after: number): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: MaestroEvent[]; nextCursor: string | null } = await client.event.list.query({
      projectId: PROJECT_KEY,
      after: String(after),
      cursor,
      limit: 500,
    });
    ids.push(...page.items.map((event) => Number(event.id)));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

/** Cuts the connection, then waits for both streams to deliver again; ms until the slower did. */
async function dropAndResume(fixture: R4Fixture): Promise<number> {
  const { proxy, received } = fixture;
  const droppedAt = Date.now();
  if (proxy.dropAll() === 0) throw new Error("no connection to drop: the follower had not reconnected");
  await until(
    "both streams to deliver after the drop",
    () => (received.lastLogAt > droppedAt && received.lastEventAt > droppedAt ? true : undefined),
    15_000,
  );
  return Math.max(received.lastLogAt, received.lastEventAt) - droppedAt;
}

/** What arrived so far, without gaps or duplicates (the log from seq 1, events in id order). */
function breakSoFar(fixture: R4Fixture): string | null {
  const { received, startEventId } = fixture;
  const logBreak = firstBreak(received.logSeqs, 0, (seq, previous) => seq === previous + 1);
  if (logBreak) return `log ${logBreak}`;
  // Event ids are shared by every project: this project's may skip some, never go back.
  const eventBreak = firstBreak(received.eventIds, startEventId, (id, previous) => id > previous);
  return eventBreak ? `events ${eventBreak}` : null;
}

/** After the last drop: the session stopped, everything received equals what the database holds. */
async function compareWithDatabase(fixture: R4Fixture): Promise<string | null> {
  const { world, received, sessionId, startEventId } = fixture;
  await fixture.stopWriting();
  await world.client.session.stop.mutate({ id: sessionId });
  const log = await until(
    "the stopped session's log to arrive",
    async () => {
      const session = await world.client.session.byId.query({ id: sessionId });
      if (!session.endedAt) return undefined;
      const stored = await storedLog(world.client, sessionId);
      return received.logSeqs.length >= stored.length ? stored : undefined;
    },
    30_000,
  );
  const events = await until(
    "every event to arrive",
    async () => {
      const stored = await storedEventIds(world.client, startEventId);
      return received.eventIds.length >= stored.length ? stored : undefined;
    },
    30_000,
  );
  if (received.logSeqs.join() !== log.map((chunk) => chunk.seq).join()) return "log seqs differ from the database";
  if (received.logText.join("") !== log.map((chunk) => chunk.text).join("")) {
    return "log text differs from the database";
  }
  if (received.eventIds.join() !== events.join()) return "event ids differ from the database";
  return null;
}

async function trial(index: number, fixture: ChaosFixture, mode: ChaosMode): Promise<TrialResult> {
  const r4 = fixture as R4Fixture;
  await sleep(30 + Math.random() * 250);
  const resumeMs = await dropAndResume(r4);
  const broken = breakSoFar(r4);
  if (broken) return { ok: false, failure: `after drop ${index + 1}: ${broken}`, measure: resumeMs };
  const isLast = index === (mode.quick ? r4Drops.trials.quick : r4Drops.trials.full) - 1;
  const differs = isLast ? await compareWithDatabase(r4) : null;
  if (differs) return { ok: false, failure: differs, measure: resumeMs };
  return { ok: true, measure: resumeMs };
}

export const r4Drops: ChaosPromise = {
  id: "R4",
  promise: "live streams have no gaps or duplicates",
  trials: { full: 100, quick: 10 },
  unit: (ms) => `${ms} ms from drop to resumed`,
  setup,
  trial,
};
