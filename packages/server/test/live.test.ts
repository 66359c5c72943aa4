import { type Server, type Socket, connect, createServer } from "node:net";
import type { MaestroEvent } from "@maestro/domain";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import type { WebSocket } from "ws";
import { afterEach, describe, expect, it } from "vitest";
import type { AppRouter } from "../src/routers/app";
import {
  type HttpClient,
  NodeWebSocket,
  listAllEvents,
  ownerClient,
  makeServerPool,
  seededRandom,
  waitFor,
} from "./live-server";

const pool = makeServerPool();
const teardowns: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const teardown of teardowns.splice(0).reverse()) await teardown();
  await pool.cleanup();
});

interface Received {
  id: string;
  event: MaestroEvent;
}

/**
 * A TCP relay in front of the server whose connections the test can cut at once: to both ends it
 * looks like the network (or the server) dropped the socket, with no WebSocket close frame.
 */
async function startCuttableProxy(): Promise<{
  port: number;
  target: { port: number };
  cut(): number;
  close(): Promise<void>;
}> {
  const target = { port: 0 };
  const pairs = new Set<[Socket, Socket]>();
  const server: Server = createServer((downstream) => {
    const upstream = connect(target.port, "127.0.0.1");
    const pair: [Socket, Socket] = [downstream, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      downstream.destroy();
      upstream.destroy();
    };
    for (const socket of pair) socket.on("error", drop).on("close", drop);
    downstream.pipe(upstream);
    upstream.pipe(downstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const cut = () => {
    const count = pairs.size;
    for (const [downstream, upstream] of [...pairs]) {
      downstream.destroy();
      upstream.destroy();
    }
    return count;
  };
  const close = async () => {
    cut();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port, target, cut, close };
}

/** One `event.onEvent` subscriber over a real tRPC WebSocket client, recording every tracked event it gets. */
function subscribe(url: string, token: string, input: { projectId?: string; lastEventId?: string } = {}) {
  const received: Received[] = [];
  const errors: unknown[] = [];
  let starts = 0;
  const wsClient = createWSClient({
    url,
    WebSocket: NodeWebSocket,
    retryDelayMs: () => 5,
    connectionParams: { token },
  });
  const subscription = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] }).event.onEvent.subscribe(
    input,
    {
      onStarted: () => starts++,
      onData: ({ id, data }) => received.push({ id, event: data }),
      onError: (error) => errors.push(error),
    },
  );
  return {
    received,
    errors,
    starts: () => starts,
    /** Kills the client's socket without a close handshake; the tRPC client reconnects by itself with lastEventId. */
    terminateSocket(): void {
      (wsClient.connection?.ws as WebSocket | undefined)?.terminate();
    },
    async close(): Promise<void> {
      subscription.unsubscribe();
      await wsClient.close();
    },
  };
}

type Subscriber = ReturnType<typeof subscribe>;

async function startWithProject() {
  const proxy = await startCuttableProxy();
  teardowns.push(() => proxy.close());
  // The relay's address is a Host the server must accept, like a reverse proxy an operator configures.
  const server = await pool.start({ allowedHosts: [`127.0.0.1:${proxy.port}`] });
  proxy.target.port = server.port;
  const http = ownerClient(server);
  await http.project.create.mutate({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
  return { server, http, proxy, wsUrl: `ws://127.0.0.1:${proxy.port}/trpc` };
}

function titleOf(event: MaestroEvent | undefined): string | undefined {
  return event && (event.kind === "task.created" || event.kind === "task.updated")
    ? event.payload.task.title
    : undefined;
}

/** `received` is read afresh on every poll: reconnecting subscribers may still be catching up. */
async function expectReceivedEverything(received: () => Received[], http: HttpClient) {
  const stored = await listAllEvents(http);
  await waitFor(`all ${stored.length} stored events to arrive`, () => received().length >= stored.length, 10_000);
  const ids = received().map((r) => Number(r.id));
  const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
  expect(duplicates, "duplicated event ids").toEqual([]);
  expect(ids, "ids in order").toEqual([...ids].sort((a, b) => a - b));
  expect(received().map((r) => r.id)).toEqual(stored.map((e) => e.id));
  expect(received().map((r) => r.event)).toEqual(stored);
}

describe("event.onEvent over a real WebSocket", () => {
  it("streams changes made over HTTP as they commit", async () => {
    const { server, http } = await startWithProject();
    const watcher = subscribe(`ws://127.0.0.1:${server.port}/trpc`, server.token, { projectId: "WEB" });
    teardowns.push(() => watcher.close());
    await waitFor("the subscription to start", () => watcher.starts() === 1);

    const task = await http.task.create.mutate({ projectId: "WEB", title: "first" });
    await http.task.update.mutate({ id: task.id, status: "in_progress" });
    await http.task.delete.mutate({ id: "WEB-1" });
    await waitFor("three events", () => watcher.received.length === 3);
    expect(watcher.received.map((r) => [r.event.kind, r.event.entityId, r.event.actor])).toEqual([
      ["task.created", task.id, "owner"],
      ["task.updated", task.id, "owner"],
      ["task.deleted", task.id, "owner"],
    ]);
    expect(titleOf(watcher.received[1]?.event)).toBe("first");
    expect(watcher.received.map((r) => r.id)).toEqual(watcher.received.map((r) => r.event.id));
    expect(watcher.errors).toEqual([]);
  });

  it("loses and repeats nothing when the connection drops at random points under write load", async () => {
    const { server, http, proxy, wsUrl } = await startWithProject();
    const random = seededRandom(0x5eed_0004);
    // A backlog of more than one page (500), so the first subscriber also pages while writes go on.
    for (let batch = 0; batch < 4; batch++) {
      await Promise.all(
        Array.from({ length: 130 }, (_, i) =>
          http.task.create.mutate({ projectId: "WEB", title: `backlog ${batch * 130 + i}` }),
        ),
      );
    }
    const first = subscribe(wsUrl, server.token, { lastEventId: "0" });
    const retired: Subscriber[] = [];
    let current = first;
    teardowns.push(() => Promise.all([current, ...retired].map((s) => s.close())).then(() => undefined));
    // Events gathered across every connection, as a client's cache would see them.
    const union = () => [...retired, current].flatMap((s) => s.received);

    let isWriting = true;
    let written = 0;
    const writer = (async () => {
      while (isWriting) {
        const task = await http.task.create.mutate({ projectId: "WEB", title: `task ${++written}` });
        if (written % 3 === 0) await http.task.update.mutate({ id: task.id, priority: "high" });
      }
    })();

    // 100 drops, each after 0–11 more events (0: again before the resumed stream delivered anything).
    const drops = { cut: 0, terminate: 0, fresh: 0 };
    for (let drop = 0; drop < 100; drop++) {
      const target = union().length + Math.floor(random() * 12);
      await Promise.race([writer, waitFor(`drop point ${drop}`, () => union().length >= target, 10_000)]);
      const roll = random();
      if (roll < 0.4) {
        // Network or server side: the relay drops both TCP halves; the client resumes from its last id.
        drops.cut += proxy.cut() > 0 ? 1 : 0;
      } else if (roll < 0.7) {
        current.terminateSocket();
        drops.terminate++;
      } else {
        // A brand-new client (a reloaded page) resumes explicitly from the last id it stored.
        await current.close();
        retired.push(current);
        current = subscribe(wsUrl, server.token, { lastEventId: union().at(-1)?.id ?? "0" });
        drops.fresh++;
      }
    }
    isWriting = false;
    await writer;
    await http.task.create.mutate({ projectId: "WEB", title: "sentinel" });

    await expectReceivedEverything(union, http);
    expect(titleOf(union().at(-1)?.event)).toBe("sentinel");
    expect(Math.min(drops.cut, drops.terminate, drops.fresh)).toBeGreaterThan(10);
    for (const subscriber of [...retired, current]) expect(subscriber.errors).toEqual([]);
    // Every dropped connection released its bus listener: only the live subscription remains.
    await waitFor("stale subscriptions to be released", () => server.events.listenerCount() === 1);
    await current.close();
    await waitFor("the last subscription to be released", () => server.events.listenerCount() === 0);
  }, 30_000);

  it("brings two concurrent subscribers to the final state after 200 rapid updates of one task", async () => {
    const { server, http } = await startWithProject();
    const url = `ws://127.0.0.1:${server.port}/trpc`;
    const watchers = [subscribe(url, server.token), subscribe(url, server.token, { projectId: "WEB" })];
    teardowns.push(() => Promise.all(watchers.map((w) => w.close())).then(() => undefined));
    await waitFor("both subscriptions to start", () => watchers.every((w) => w.starts() === 1));

    const task = await http.task.create.mutate({ projectId: "WEB", title: "v0" });
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => http.task.update.mutate({ id: task.id, title: `v${i + 1}` })),
    );
    const final = await http.task.byId.query({ id: task.id });
    expect(final.version).toBe(201);

    for (const watcher of watchers) {
      await waitFor("201 events", () => watcher.received.length === 201);
      const versions = watcher.received.map((r) =>
        r.event.kind === "task.updated" || r.event.kind === "task.created" ? r.event.payload.task.version : 0,
      );
      expect(versions).toEqual(Array.from({ length: 201 }, (_, i) => i + 1));
      const last = watcher.received.at(-1)?.event;
      expect(titleOf(last)).toBe(final.title);
      expect(last?.kind === "task.updated" && last.payload.task).toEqual(final);
      expect(watcher.errors).toEqual([]);
    }
    expect(watchers[0]?.received).toEqual(watchers[1]?.received);
  }, 30_000);
});
