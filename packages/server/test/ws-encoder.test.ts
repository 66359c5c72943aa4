import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import type { MaestroEvent } from "@maestro/domain";
import { EventBus } from "../src/events";
import { subscriptionEncoder } from "../src/http/ws-encoder";
import type { AppRouter } from "../src/routers/app";
import { appRouter } from "../src/routers/app";
import { makeWorld } from "./helpers";

// One event to 50 dashboards was JSON-stringified 50 times (tRPC encodes each envelope whole);
// a published event is now serialised once and spliced into each subscriber's envelope.

/** A published event whose serialisations are counted (JSON.stringify calls toJSON each time). */
function publishedEvent(title: string) {
  const counter = { calls: 0 };
  const event = {
    id: "42",
    projectId: "p1",
    actor: "owner",
    ts: 1,
    kind: "task.updated",
    entity: "task",
    entityId: "t1",
    payload: { task: { id: "t1", title, tags: ["a", 'quote " and \u2028'] } },
  };
  const counted = Object.assign(event, {
    toJSON() {
      counter.calls += 1;
      const { toJSON: _, ...plain } = counted;
      return plain;
    },
  });
  new EventBus().publish([counted as unknown as MaestroEvent]);
  return { event: counted, counter };
}

/** What tRPC's WebSocket adapter hands the encoder for a tracked subscription item. */
function envelope(subscriptionId: number | string, event: { id: string }, jsonrpc?: "2.0") {
  return { id: subscriptionId, jsonrpc, result: { type: "data", id: event.id, data: { id: event.id, data: event } } };
}

const encode = (message: unknown) => subscriptionEncoder.encode(message) as string;

describe("subscriptionEncoder", () => {
  it("serialises a published event once for any number of subscribers, each envelope the same JSON as before", () => {
    const { event, counter } = publishedEvent("one");
    const messages = Array.from({ length: 50 }, (_, i) =>
      envelope(i % 2 ? i : `s${i}`, event, i % 3 ? "2.0" : undefined),
    );
    const expected = messages.map((message) => JSON.parse(JSON.stringify(message)) as unknown);
    counter.calls = 0;
    const encoded = messages.map(encode);
    expect(counter.calls).toBe(1);
    expect(encoded.map((text) => JSON.parse(text) as unknown)).toEqual(expected);
  });

  it("serialises anything but a published event whole, as JSON.stringify does", () => {
    const replayed = { id: "7", kind: "task.updated", payload: { task: { title: "from the table" } } };
    const others = [
      envelope(1, replayed),
      { id: 1, jsonrpc: undefined, result: { type: "started" } },
      { id: 1, result: { type: "stopped" } },
      { id: 2, result: { type: "data", data: { untracked: true } } },
      { id: null, error: { message: "bad", code: -32600 } },
      { id: 3, result: { type: "data", id: "9", data: { id: "8", data: publishedEvent("mismatched ids").event } } },
      { id: 4, extra: 1, result: { type: "data", id: "42", data: { id: "42", data: publishedEvent("extra").event } } },
    ];
    for (const message of others) expect(encode(message)).toBe(JSON.stringify(message));
  });

  it("decodes JSON text as tRPC's own encoder does", () => {
    expect(subscriptionEncoder.decode('{"id":1,"method":"subscription"}')).toEqual({ id: 1, method: "subscription" });
  });

  it("is read by tRPC's WebSocket client: every subscriber gets every published event, whole and in order", async () => {
    const world = await makeWorld();
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    const handler = applyWSSHandler({
      wss,
      router: appRouter,
      createContext: () => world.ctx,
      experimental_encoder: subscriptionEncoder,
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const published: MaestroEvent[] = [];
    world.events.onEvent((event) => published.push(event));
    const clients = [0, 1].map(() => createWSClient({ url, WebSocket: WebSocket as never }));
    const received: Array<Array<{ id: string; data: MaestroEvent }>> = [[], []];
    let started = 0;
    const bothStarted = new Promise<void>((resolve) => {
      clients.forEach((client, i) => {
        createTRPCClient<AppRouter>({ links: [wsLink({ client })] }).event.onEvent.subscribe(
          {},
          { onStarted: () => ++started === 2 && resolve(), onData: (envelope) => received[i]!.push(envelope) },
        );
      });
    });
    try {
      await bothStarted;
      const project = await world.caller.project.create({ name: "Web", rootDir: "/tmp/web", key: "WEB" });
      const task = await world.caller.task.create({ projectId: project.id, title: "first" });
      for (const title of ["second", "third"]) await world.caller.task.update({ id: task.id, title });
      await expect.poll(() => received.map((got) => got.length), { timeout: 5_000 }).toEqual([4, 4]);
      const expected = published.map((event) => ({ id: event.id, data: JSON.parse(JSON.stringify(event)) as unknown }));
      expect(received).toEqual([expected, expected]);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      handler.broadcastReconnectNotification();
      wss.close();
      http.close();
      await world.close();
    }
  }, 20_000);
});
