import { type Encoder, jsonEncoder } from "@trpc/server/adapters/ws";
import { isPublishedEvent } from "../events";

/**
 * Each published event's JSON, by the event: the bus hands every subscriber the same object, so
 * it is serialised once however many subscribers it goes to. Weak: forgotten with the event.
 */
const eventJson = new WeakMap<object, string>();

/**
 * tRPC's WebSocket encoder (pass as `experimental_encoder`), with a published event serialised
 * once rather than once per subscriber: tRPC JSON-encodes the whole envelope for every
 * connection, so with 50 dashboards open each event was stringified 50 times. The envelope around
 * it is written here; every other message (replayed events, log pages, answers, errors) goes
 * through JSON.stringify as before.
 */
export const subscriptionEncoder: Encoder = {
  encode(message: unknown): string {
    const tracked = trackedItemOf(message);
    if (!tracked) return jsonEncoder.encode(message) as string;
    let json = eventJson.get(tracked.item);
    if (json === undefined) {
      json = JSON.stringify(tracked.item);
      eventJson.set(tracked.item, json);
    }
    const rpc = tracked.jsonrpc === undefined ? "" : `,"jsonrpc":${JSON.stringify(tracked.jsonrpc)}`;
    const id = JSON.stringify(tracked.trackedId);
    return `{"id":${JSON.stringify(tracked.id)}${rpc},"result":{"type":"data","id":${id},"data":{"id":${id},"data":${json}}}}`;
  },
  decode: (data) => jsonEncoder.decode(data),
};

interface TrackedMessage {
  id: string | number;
  jsonrpc: string | undefined;
  trackedId: string;
  item: object;
}

/**
 * `{ id, jsonrpc?, result: { type: "data", id, data: { id, data: event } } }` exactly, the event
 * one the bus published (what tRPC sends for a `tracked()` item of an event subscription), or
 * undefined for anything else. The published check comes first: it turns most messages away.
 */
function trackedItemOf(message: unknown): TrackedMessage | undefined {
  const result = fieldOf(message, "result");
  const envelope = fieldOf(result, "data");
  const item = fieldOf(envelope, "data");
  if (typeof item !== "object" || item === null || !isPublishedEvent(item)) return undefined;
  const { id, jsonrpc } = message as { id: unknown; jsonrpc?: unknown };
  const trackedId = (result as { id?: unknown }).id;
  const isShaped =
    (typeof id === "string" || typeof id === "number") &&
    (jsonrpc === undefined || typeof jsonrpc === "string") &&
    typeof trackedId === "string" &&
    (result as { type?: unknown }).type === "data" &&
    (envelope as { id?: unknown }).id === trackedId &&
    hasKeys(message, jsonrpc === undefined ? ["id", "result"] : ["id", "jsonrpc", "result"]) &&
    hasKeys(result, ["type", "id", "data"]) &&
    hasKeys(envelope, ["id", "data"]);
  return isShaped ? { id, jsonrpc, trackedId, item } : undefined;
}

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** A plain object whose own keys with a value are exactly `keys` (JSON.stringify drops undefined ones). */
function hasKeys(value: unknown, keys: readonly string[]): boolean {
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  let count = 0;
  for (const key in value as object) {
    if ((value as Record<string, unknown>)[key] === undefined) continue;
    if (!keys.includes(key)) return false;
    count += 1;
  }
  return count === keys.length;
}
