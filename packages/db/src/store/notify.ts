import { type SQL, sql } from "drizzle-orm";
import type { Engine } from "./store";

/** Where `notify` sends from: a transaction (or any handle that runs statements) of either engine. */
export interface NotifyTarget {
  readonly engine: Engine;
  run(query: SQL): Promise<number>;
}

/** PostgreSQL refuses a payload of 8000 bytes or more (its default build). */
export const NOTIFY_PAYLOAD_MAX_BYTES = 7999;

// Lower case only: LISTEN folds an unquoted name to lower case while pg_notify takes its text as it
// is, so "Events" would be sent on one channel and listened on another.
const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;
const CHANNEL_MAX_BYTES = 63;

/**
 * Sends `payload` on `channel` to every instance listening (PgListener). Inside a transaction
 * PostgreSQL delivers it only after COMMIT and drops it on ROLLBACK; identical notifications of one
 * transaction arrive once. On SQLite (one instance, nobody to wake) it does nothing.
 */
export async function notify(tx: NotifyTarget, channel: string, payload: string): Promise<void> {
  checkChannel(channel, "channel");
  checkPayload(payload);
  if (tx.engine === "sqlite") return;
  await tx.run(sql`SELECT pg_notify(${channel}, ${payload})`);
}

/** Throws an error naming `field` unless `channel` is a name both LISTEN and pg_notify read alike. */
export function checkChannel(channel: unknown, field: string): asserts channel is string {
  if (typeof channel !== "string" || !CHANNEL_NAME.test(channel)) {
    throw new TypeError(
      `${field}: a channel name is lower-case letters, digits and underscores, not starting with a digit (got ${JSON.stringify(channel)})`,
    );
  }
  if (channel.length > CHANNEL_MAX_BYTES) {
    throw new TypeError(`${field}: a channel name has at most ${CHANNEL_MAX_BYTES} characters (got ${channel.length})`);
  }
}

function checkPayload(payload: unknown): asserts payload is string {
  if (typeof payload !== "string") throw new TypeError(`payload: a string is required (got ${typeof payload})`);
  const bytes = Buffer.byteLength(payload, "utf8");
  if (bytes > NOTIFY_PAYLOAD_MAX_BYTES) {
    throw new RangeError(
      `payload: at most ${NOTIFY_PAYLOAD_MAX_BYTES} bytes (got ${bytes}); send an id and read the rest`,
    );
  }
  // PostgreSQL's text cannot hold NUL.
  if (payload.includes("\0")) throw new TypeError("payload: must not contain a NUL character");
}
