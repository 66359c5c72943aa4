import type { WebSocket } from "ws";

/**
 * Bytes a WebSocket connection may have queued unsent before its subscriptions wait for the
 * client to read. tRPC sends each item the moment a stream yields it, so without this a client
 * that reads nothing makes the server hold everything it was sent (a log flood: MiBs a second).
 */
export const SEND_HIGH_WATER_BYTES = 1024 * 1024;
const POLL_MS = 20;

/** Each WebSocket connection's socket, keyed by the abort signal every call on it shares. */
const sockets = new WeakMap<AbortSignal, WebSocket>();

/** Called once per WebSocket connection, as its context is made. */
export function trackSocket(signal: AbortSignal, socket: WebSocket): void {
  sockets.set(signal, socket);
}

/**
 * The same stream, taking its next item only once the connection has room to send it. A stream
 * that waits holds little (the log follower resyncs from the database past a bounded queue), and
 * a client that never reads is cut by the WebSocket keep-alive (no pong). `onSent` hears each
 * item once tRPC has written it to the socket (it asks for the next item only after sending).
 */
export async function* pacedBySocket<T>(
  stream: AsyncIterable<T>,
  connection: AbortSignal | undefined,
  subscription: AbortSignal | undefined,
  onSent?: (item: T) => void,
): AsyncGenerator<T> {
  const socket = connection ? sockets.get(connection) : undefined;
  if (!socket) return yield* stream;
  for await (const item of stream) {
    yield item;
    onSent?.(item);
    await roomToSend(socket, subscription);
  }
}

async function roomToSend(socket: WebSocket, subscription: AbortSignal | undefined): Promise<void> {
  while (socket.bufferedAmount > SEND_HIGH_WATER_BYTES && socket.readyState === socket.OPEN && !subscription?.aborted) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
