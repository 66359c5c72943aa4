import { describe, expect, it } from "vitest";
import type { MaestroEvent } from "@maestro/domain";
import { EventBus } from "../src/events";
import { subscriptionEncoder } from "../src/http/ws-encoder";

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
});
