import type { AppRouter } from "@maestro/server";
import type { Operation, OperationLink, OperationResultEnvelope, TRPCClientError } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { describe, expect, it } from "vitest";
import { type StartGate, createStartGate, holdUntilStarted } from "./start-gate";

/** A gate whose timeout runs only when the test says so. */
function manualGate(): { gate: StartGate; timeout: () => void; delayMs: number } {
  let timeout = () => {};
  let delayMs = -1;
  const gate = createStartGate(1_000, (run, ms) => {
    timeout = run;
    delayMs = ms;
  });
  return { gate, timeout: () => timeout(), delayMs };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

type Sent = Array<{ path: string; type: string }>;

/** Runs one operation through the hold link; records what reached the next link. */
function send(gate: StartGate, sent: Sent, type: Operation["type"], path: string) {
  const results: unknown[] = [];
  const link = holdUntilStarted<AppRouter>(gate)({} as never) as OperationLink<AppRouter>;
  const subscription = link({
    op: { id: sent.length, type, path, input: undefined, context: {}, signal: null },
    next: (op) =>
      observable<OperationResultEnvelope<unknown, TRPCClientError<AppRouter>>, TRPCClientError<AppRouter>>(
        (observer) => {
          sent.push({ path: op.path, type: op.type });
          observer.next({ result: { type: "data", data: op.path } });
          observer.complete();
          return () => {};
        },
      ),
  }).subscribe({ next: (value) => results.push(value.result.type === "data" ? value.result.data : null) });
  return { results, subscription };
}

describe("createStartGate", () => {
  it("is closed until the subscription starts; only that first start finds it closed", () => {
    const { gate, delayMs } = manualGate();
    expect(delayMs).toBe(1_000);
    expect(gate.held()).toBeInstanceOf(Promise);
    // The first start: every query was held until now, so nothing is refetched.
    expect(gate.openOnStart()).toBe(true);
    expect(gate.held()).toBeNull();
    // A reconnect's start refetches.
    expect(gate.openOnStart()).toBe(false);
  });

  it("after the timeout the queries go, and the first start then refetches", () => {
    const { gate, timeout } = manualGate();
    timeout();
    expect(gate.held()).toBeNull();
    expect(gate.openOnStart()).toBe(false);
  });

  it("a socket error releases the queries at once, and the first start then refetches", () => {
    const { gate } = manualGate();
    gate.release();
    expect(gate.held()).toBeNull();
    expect(gate.openOnStart()).toBe(false);
  });

  it("a timeout after the start changes nothing", () => {
    const { gate, timeout } = manualGate();
    expect(gate.openOnStart()).toBe(true);
    timeout();
    expect(gate.openOnStart()).toBe(false);
  });
});

describe("holdUntilStarted", () => {
  it("holds queries until the start, then sends them with their answers", async () => {
    const { gate } = manualGate();
    const sent: Sent = [];
    const board = send(gate, sent, "query", "task.list");
    const counts = send(gate, sent, "query", "task.counts");
    await flush();
    expect(sent).toEqual([]);
    gate.openOnStart();
    await flush();
    expect(sent.map((op) => op.path)).toEqual(["task.list", "task.counts"]);
    expect(board.results).toEqual(["task.list"]);
    expect(counts.results).toEqual(["task.counts"]);
  });

  it("sends at once once open, and never holds mutations or subscriptions", async () => {
    const { gate } = manualGate();
    const sent: Sent = [];
    send(gate, sent, "mutation", "task.update");
    send(gate, sent, "subscription", "event.onEvent");
    expect(sent.map((op) => op.path)).toEqual(["task.update", "event.onEvent"]);
    gate.release();
    send(gate, sent, "query", "task.list");
    expect(sent.map((op) => op.path)).toEqual(["task.update", "event.onEvent", "task.list"]);
  });

  it("a query abandoned while held is never sent", async () => {
    const { gate, timeout } = manualGate();
    const sent: Sent = [];
    const held = send(gate, sent, "query", "task.list");
    held.subscription.unsubscribe();
    timeout();
    await flush();
    expect(sent).toEqual([]);
  });
});
