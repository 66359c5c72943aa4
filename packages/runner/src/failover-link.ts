import { messageOf } from "@maestro/domain";
import type { AppRouter } from "@maestro/server";
import {
  type Operation,
  type OperationLink,
  type TRPCClientRuntime,
  type TRPCLink,
  TRPCClientError,
} from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { type ServerPool, isServerDown } from "./server-pool";

type Chain = OperationLink<AppRouter>;
type Result = ReturnType<Chain>;

/** One server's links (its socket, HTTP), and what lets go of them. */
export interface ServerConnection {
  link: TRPCLink<AppRouter>;
  close(): void;
}

export interface FailoverLinkOptions {
  pool: ServerPool;
  /** Opens links to the pool's server `url` (lazily: nothing connects before the first call). */
  connect(url: string): ServerConnection;
  /**
   * How long a call may go unanswered before its server counts as not answering (a claim adds
   * its own wait). Only with more than one server: with one, a slow server is still the server.
   */
  callTimeoutMs: number;
  /**
   * Whether a call still in flight to a server the runner leaves is given up (it fails, and its
   * caller retries it on the new server). For socket calls: closing a socket waits for the calls
   * it sent, and a long-polled claim on a server that hangs would hold up claiming elsewhere.
   * HTTP calls end on their own (refused, reset, or out of time).
   */
  isGivenUpOnMove(op: Operation): boolean;
}

const NO_NEXT = (): Result => {
  throw new Error("the failover link ends the chain");
};

/** The claim is a long poll: it is allowed its wait on top of the call's own bound. */
function timeoutOf(op: Operation, callTimeoutMs: number): number {
  const waitMs = (op.input as { waitMs?: unknown } | undefined)?.waitMs;
  return callTimeoutMs + (typeof waitMs === "number" ? waitMs : 0);
}

/** Why a server counts as not answering, in words (a closed socket comes as a bare event: "Unknown error"). */
function reasonOf(error: unknown): string {
  const message = messageOf(error);
  return message === "Unknown error" ? "its connection closed" : message;
}

/**
 * The chain of links to the current server. Leaving a server closes its connection (a call
 * queued for its socket fails at once rather than waiting for it to come back); going back to
 * it opens a new one, so nothing of an earlier visit (a reconnect loop) touches the new.
 */
function createRoutes(options: FailoverLinkOptions, runtime: TRPCClientRuntime) {
  const { pool, connect } = options;
  const open = new Map<number, { chain: Chain; close(): void }>();
  const closeOne = (index: number) => {
    open.get(index)?.close();
    open.delete(index);
  };
  const stopClosing = pool.onSwitch((left) => closeOne(left));
  return {
    chainOf(index: number): Chain {
      let route = open.get(index);
      if (!route) {
        const connection = connect(pool.urls[index]!);
        route = { chain: connection.link(runtime), close: connection.close };
        open.set(index, route);
      }
      return route.chain;
    },
    close() {
      stopClosing();
      for (const index of [...open.keys()]) closeOne(index);
    },
  };
}

type Routes = ReturnType<typeof createRoutes>;

/**
 * One call to the current server. It fails (and moves the runner on, unless the server answered
 * a later call meanwhile) when the server does not answer it, also when it has not answered in
 * time; it is not sent again here.
 */
function call(routes: Routes, options: FailoverLinkOptions, op: Operation): Result {
  const { pool, callTimeoutMs, isGivenUpOnMove } = options;
  return observable((observer) => {
    const index = pool.index;
    const answersAtSend = pool.answers;
    // Only news if the server has not answered anything since this call went out.
    const failServer = (reason: string) => pool.answers === answersAtSend && pool.fail(index, reason);
    const timeoutMs = timeoutOf(op, callTimeoutMs);
    const within = `within ${Number((timeoutMs / 1000).toFixed(1))} s`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopFollowing = () => {};
    let isDone = false;
    const done = () => {
      isDone = true;
      clearTimeout(timer);
      stopFollowing();
    };
    const chain = routes.chainOf(index);
    const inner = chain({ op, next: NO_NEXT }).subscribe({
      next(envelope) {
        pool.answered(index);
        observer.next(envelope);
      },
      error(error) {
        done();
        // A call its caller gave up on says nothing about the server.
        if (!op.signal?.aborted) {
          if (isServerDown(error)) failServer(reasonOf(error));
          else pool.answered(index);
        }
        observer.error(error);
      },
      complete() {
        done();
        observer.complete();
      },
    });
    const giveUp = (message: string) => {
      done();
      inner.unsubscribe();
      observer.error(TRPCClientError.from(new Error(message)));
    };
    if (pool.urls.length > 1 && !isDone) {
      timer = setTimeout(() => {
        failServer(`no answer ${within}`);
        giveUp(`${pool.urls[index]} did not answer ${within}`);
      }, timeoutMs);
      if (isGivenUpOnMove(op)) {
        stopFollowing = pool.onSwitch((left, now) => {
          if (left === index) giveUp(`left ${pool.urls[left]} for ${pool.urls[now]} before it answered`);
        });
      }
    }
    return () => {
      done();
      inner.unsubscribe();
    };
  });
}

/** A subscription follows the runner: it is made again on each server the runner moves to. */
function follow(routes: Routes, { pool }: FailoverLinkOptions, op: Operation): Result {
  return observable((observer) => {
    let inner: { unsubscribe(): void } | undefined;
    const attach = () => {
      inner?.unsubscribe();
      const index = pool.index;
      // What a server left behind says as its connection closes (an end, an error) is not the subscriber's business.
      const isCurrent = () => pool.index === index;
      inner = routes
        .chainOf(index)({ op, next: NO_NEXT })
        .subscribe({
          next: (envelope) => observer.next(envelope),
          error(error) {
            if (!isCurrent()) return;
            // Moving on re-attaches it; with nowhere to move, the subscriber hears of it.
            if (!isServerDown(error) || !pool.fail(index, reasonOf(error))) observer.error(error);
          },
          complete: () => isCurrent() && observer.complete(),
        });
    };
    const stopFollowing = pool.onSwitch(attach);
    attach();
    return () => {
      stopFollowing();
      inner?.unsubscribe();
    };
  });
}

/**
 * Sends every call to the pool's current server, through that server's own links (its socket,
 * HTTP), and moves the runner to the next server when the current one stops answering. A call
 * that failed that way is not sent again here: its caller retries as it always does (claims
 * and heartbeats on their timers, deliveries until heard), and the retry goes to the new server.
 * `close` lets go of every connection.
 */
export function createFailoverLink(options: FailoverLinkOptions): { link: TRPCLink<AppRouter>; close(): void } {
  let routes: Routes | undefined;
  const link: TRPCLink<AppRouter> = (runtime) => {
    const opened = (routes = createRoutes(options, runtime));
    return ({ op }) => (op.type === "subscription" ? follow(opened, options, op) : call(opened, options, op));
  };
  return { link, close: () => routes?.close() };
}
