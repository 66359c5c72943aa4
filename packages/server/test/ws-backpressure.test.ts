import type { WebSocket } from "ws";
import { describe, expect, it } from "vitest";
import { SEND_HIGH_WATER_BYTES, pacedBySocket, trackSocket } from "../src/http/ws-backpressure";

// A subscription on a WebSocket whose client reads nothing must stop taking items from its
// stream (regression: a paused subscriber under a log flood grew the server by 200 MiB in 8 s).

/** A socket as pacing sees it: bytes queued unsent, and whether it is open. */
function fakeSocket() {
  return { bufferedAmount: 0, readyState: 1, OPEN: 1 };
}

async function* counting(pulled: number[]) {
  for (let i = 1; i <= 5; i++) {
    pulled.push(i);
    yield i;
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 60));

describe("pacedBySocket", () => {
  it("takes no further item while the connection's unsent bytes are past the high-water mark", async () => {
    const connection = new AbortController().signal;
    const socket = fakeSocket();
    trackSocket(connection, socket as unknown as WebSocket);
    const pulled: number[] = [];
    const paced = pacedBySocket(counting(pulled), connection, undefined);
    expect((await paced.next()).value).toBe(1);
    socket.bufferedAmount = SEND_HIGH_WATER_BYTES + 1;
    const second = paced.next();
    await tick();
    expect(pulled).toEqual([1]);
    socket.bufferedAmount = 0;
    expect((await second).value).toBe(2);
    expect(pulled).toEqual([1, 2]);
  });

  it("stops waiting once the subscription is aborted or the socket closes", async () => {
    const connection = new AbortController().signal;
    const subscription = new AbortController();
    const socket = fakeSocket();
    trackSocket(connection, socket as unknown as WebSocket);
    const paced = pacedBySocket(counting([]), connection, subscription.signal);
    await paced.next();
    socket.bufferedAmount = SEND_HIGH_WATER_BYTES * 2;
    const next = paced.next();
    subscription.abort();
    expect((await next).value).toBe(2);
  });

  it("passes a stream through untouched off WebSocket (HTTP, in-process callers)", async () => {
    const pulled: number[] = [];
    const items: number[] = [];
    for await (const item of pacedBySocket(counting(pulled), undefined, undefined)) items.push(item);
    expect(items).toEqual([1, 2, 3, 4, 5]);
  });
});
