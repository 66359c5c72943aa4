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
    if (!tracked || !isPublishedEvent(tracked.item)) return jsonEncoder.encode(message) as string;
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
 * `{ id, jsonrpc?, result: { type: "data", id, data: { id, data: item } } }` exactly (what tRPC sends
 * for a `tracked()` subscription item), or undefined for anything else.
 */
function trackedItemOf(message: unknown): TrackedMessage | undefined {
  if (!hasOnlyKeys(message, ["id", "result"], ["jsonrpc"])) return undefined;
  const { id, jsonrpc, result } = message as { id: unknown; jsonrpc?: unknown; result: unknown };
  if ((typeof id !== "string" && typeof id !== "number") || (jsonrpc !== undefined && typeof jsonrpc !== "string")) {
    return undefined;
  }
  if (!hasOnlyKeys(result, ["type", "id", "data"]) || result.type !== "data" || typeof result.id !== "string") {
    return undefined;
  }
  const envelope = result.data;
  if (!hasOnlyKeys(envelope, ["id", "data"]) || envelope.id !== result.id) return undefined;
  const item = envelope.data;
  if (typeof item !== "object" || item === null) return undefined;
  return { id, jsonrpc, trackedId: result.id, item };
}

/** A plain object with every key of `required`, maybe some of `optional`, and nothing else. */
function hasOnlyKeys<K extends string>(
  value: unknown,
  required: readonly K[],
  optional: readonly string[] = [],
): value is Record<K, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const keys = Object.keys(value);
  return (
    required.every((key) => keys.includes(key)) &&
    keys.every((key) => (required as readonly string[]).includes(key) || optional.includes(key))
  );
}
