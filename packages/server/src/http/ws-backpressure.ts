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

export interface Pacing {
  /** The connection's signal (the key trackSocket used); none off WebSocket. */
  connection: AbortSignal | undefined;
  /** The subscription's own signal: once it aborts, nothing waits for room any more. */
  subscription: AbortSignal | undefined;
  /** Called once when the consumer lets the stream go (`return`/`throw`, which tRPC calls however a subscription ends). */
  onEnd?: () => void;
}

/**
 * The same stream, taking its next item only once the connection has room to send it. A stream
 * that waits holds little (the log follower resyncs from the database past a bounded queue), and
 * a client that never reads is cut by the WebSocket keep-alive (no pong). A plain iterator, not
 * an async generator: with room to send (the usual case) a step is the stream's own promise, with
 * no hop of its own, and one event goes to every dashboard subscribed.
 */
export function pacedBySocket<T>(stream: AsyncIterable<T>, pacing: Pacing): AsyncIterableIterator<T> {
  const socket = pacing.connection ? sockets.get(pacing.connection) : undefined;
  const inner = stream[Symbol.asyncIterator]();
  let isEnded = false;
  const end = () => {
    if (isEnded) return;
    isEnded = true;
    pacing.onEnd?.();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next() {
      if (!socket || hasRoom(socket, pacing.subscription)) return inner.next();
      return roomToSend(socket, pacing.subscription).then(() => inner.next());
    },
    async return(value?: unknown) {
      try {
        return (await inner.return?.(value)) ?? { done: true, value: undefined };
      } finally {
        end();
      }
    },
    async throw(error?: unknown) {
      try {
        if (!inner.throw) throw error;
        return await inner.throw(error);
      } finally {
        end();
      }
    },
  };
}

function hasRoom(socket: WebSocket, subscription: AbortSignal | undefined): boolean {
  return socket.bufferedAmount <= SEND_HIGH_WATER_BYTES || socket.readyState !== socket.OPEN || !!subscription?.aborted;
}

async function roomToSend(socket: WebSocket, subscription: AbortSignal | undefined): Promise<void> {
  while (!hasRoom(socket, subscription)) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
}
