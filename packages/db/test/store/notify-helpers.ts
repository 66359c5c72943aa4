import { type Socket, connect, createServer } from "node:net";
import type { PgListenerSubscriber } from "../../src/store/notify-listener";

/** A subscriber that keeps what it was told, and waits for it. */
export interface Recorder extends PgListenerSubscriber {
  readonly notifications: { channel: string; payload: string }[];
  readonly errors: Error[];
  readonly connects: number;
  payloads(): string[];
  /** Resolves once `isDone()` holds; rejects after `timeoutMs` saying what did not happen. */
  until(what: string, isDone: () => boolean, timeoutMs?: number): Promise<void>;
}

/** `failOn`: a payload whose notification call throws (a subscriber's bug). */
export function recorder(failOn?: string): Recorder {
  let connects = 0;
  const rec: Recorder = {
    notifications: [],
    errors: [],
    get connects() {
      return connects;
    },
    notification(channel, payload) {
      rec.notifications.push({ channel, payload });
      if (payload === failOn) throw new Error(`subscriber failed on ${payload}`);
    },
    connected() {
      connects += 1;
    },
    error(error) {
      rec.errors.push(error);
    },
    payloads: () => rec.notifications.map(({ payload }) => payload),
    until: (what, isDone, timeoutMs) => until(what, isDone, timeoutMs),
  };
  return rec;
}

export async function until(what: string, isDone: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isDone())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A TCP relay in front of the database. `freeze()` stops relaying on the connections open now
 * without closing them (a peer gone silent); `refuse` drops every new connection at once;
 * `stall` accepts new connections and never answers on them.
 */
export interface Relay {
  url: string;
  refuse: boolean;
  stall: boolean;
  /** Connections accepted so far. */
  readonly accepted: number;
  freeze(): void;
  close(): Promise<void>;
}

export async function startRelay(targetUrl: string): Promise<Relay> {
  const target = new URL(targetUrl);
  const pairs: [Socket, Socket][] = [];
  const stalled: Socket[] = [];
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    if (relay.refuse) {
      socket.destroy();
      return;
    }
    if (relay.stall) {
      socket.on("error", () => undefined);
      stalled.push(socket);
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    const end = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    socket.pipe(upstream).pipe(socket);
    pairs.push([socket, upstream]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(targetUrl);
  url.hostname = "127.0.0.1";
  url.port = String((server.address() as { port: number }).port);
  const relay: Relay = {
    url: url.toString(),
    refuse: false,
    stall: false,
    get accepted() {
      return accepted;
    },
    freeze() {
      for (const [socket, upstream] of pairs) {
        socket.unpipe(upstream);
        upstream.unpipe(socket);
        socket.pause();
        upstream.pause();
      }
    },
    async close() {
      for (const socket of [...pairs.flat(), ...stalled]) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return relay;
}
