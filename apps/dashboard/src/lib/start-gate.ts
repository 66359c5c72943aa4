import type { AnyRouter } from "@trpc/server";
import type { TRPCLink } from "@trpc/client";
import { type Unsubscribable, observable } from "@trpc/server/observable";
import { createContext, useContext } from "react";

/** How long the first queries wait for the live subscription before being sent anyway. */
export const START_TIMEOUT_MS = 1_000;

/**
 * The first queries of a page load are held until the live subscription has started, so every
 * one of them is read after the point the stream follows from (the server fixes that point
 * before answering "started"): nothing can fall between a read and the stream, and the first
 * start needs no refetch — the board's pages are fetched once, not twice.
 *
 * A socket error, or no start within `START_TIMEOUT_MS`, releases the queries at once; the
 * subscription's first start then refetches them, as every later start (a reconnect) does.
 */
export interface StartGate {
  /** Null when open; else resolves when the gate opens. */
  held(): Promise<void> | null;
  /**
   * The subscription started: opens the gate. True when it was still closed — every query was
   * sent after the start, so nothing needs refetching.
   */
  openOnStart(): boolean;
  /** Opens the gate without a start (socket error, timeout): the next start refetches. */
  release(): void;
}

export function createStartGate(
  timeoutMs: number = START_TIMEOUT_MS,
  schedule: (run: () => void, ms: number) => unknown = setTimeout,
): StartGate {
  let open = false;
  let resolve = () => {};
  const opened = new Promise<void>((done) => (resolve = done));
  const openNow = () => {
    const wasClosed = !open;
    open = true;
    resolve();
    return wasClosed;
  };
  schedule(openNow, timeoutMs);
  return {
    held: () => (open ? null : opened),
    openOnStart: openNow,
    release: () => void openNow(),
  };
}

/** A link that holds queries (not mutations: those follow a person's action) while the gate is closed. */
export function holdUntilStarted<TRouter extends AnyRouter>(gate: StartGate): TRPCLink<TRouter> {
  return () =>
    ({ op, next }) => {
      const held = op.type === "query" ? gate.held() : null;
      if (!held) return next(op);
      return observable((observer) => {
        let inner: Unsubscribable | null = null;
        let cancelled = false;
        void held.then(() => {
          if (!cancelled) inner = next(op).subscribe(observer);
        });
        return () => {
          cancelled = true;
          inner?.unsubscribe();
        };
      });
    };
}

export const StartGateContext = createContext<StartGate | null>(null);

/** The gate of this sign-in's client; null outside one (every start then refetches). */
export function useStartGate(): StartGate | null {
  return useContext(StartGateContext);
}
