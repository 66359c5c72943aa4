import { messageOf } from "@maestro/domain";
import type { AppRouter } from "@maestro/server";
import { type Operation, type OperationLink, type TRPCLink, TRPCClientError } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { type ServerPool, isServerDown } from "./server-pool";

type Chain = OperationLink<AppRouter>;
type Result = ReturnType<Chain>;

export interface FailoverLinkOptions {
  pool: ServerPool;
  /** One link per server URL, in the pool's order. */
  links: Array<TRPCLink<AppRouter>>;
  /**
   * How long a call may go unanswered before its server counts as not answering (a claim adds
   * its own wait). Only with more than one server: with one, a slow server is still the server.
   */
  callTimeoutMs: number;
}

const NO_NEXT = (): Result => {
  throw new Error("the failover link ends the chain");
};

/** The claim is a long poll: it is allowed its wait on top of the call's own bound. */
function timeoutOf(op: Operation, callTimeoutMs: number): number {
  const waitMs = (op.input as { waitMs?: unknown } | undefined)?.waitMs;
  return callTimeoutMs + (typeof waitMs === "number" ? waitMs : 0);
}

/** A call failed because its server is not there (the runner moves on), not because the server said no. */
const notAnswered = (message: string) => TRPCClientError.from(new Error(message));

/**
 * One call to the current server. It fails (and moves the runner on) when the server does not
 * answer it — also when it has not answered in time — and is cancelled when the runner moves
 * away from its server meanwhile, so a call queued for a dead server's socket does not hang.
 */
function call(chains: Chain[], { pool, callTimeoutMs }: FailoverLinkOptions, op: Operation): Result {
  return observable((observer) => {
    const index = pool.index;
    const url = pool.current;
    const timeoutMs = timeoutOf(op, callTimeoutMs);
    const within = `within ${Number((timeoutMs / 1000).toFixed(1))} s`;
    let isSettled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopFollowing = () => {};
    const settle = () => {
      isSettled = true;
      clearTimeout(timer);
      stopFollowing();
    };
    const fail = (error: TRPCClientError<AppRouter>) => {
      if (isSettled) return;
      settle();
      // Only ever called later (a timer, a move), never while `inner` is being set up.
      inner.unsubscribe();
      observer.error(error);
    };
    if (pool.urls.length > 1) {
      timer = setTimeout(() => {
        pool.fail(index, `no answer ${within}`);
        fail(notAnswered(`${url} did not answer ${within}`));
      }, timeoutMs);
      stopFollowing = pool.onSwitch((left, now) => {
        if (left === index) fail(notAnswered(`left ${url} for ${pool.urls[now]} before it answered`));
      });
    }
    const inner = chains[index]!({ op, next: NO_NEXT }).subscribe({
      next(envelope) {
        pool.answered(index);
        observer.next(envelope);
      },
      error(error) {
        if (isSettled) return;
        settle();
        // A call its caller gave up on says nothing about the server.
        if (!op.signal?.aborted) {
          if (isServerDown(error)) pool.fail(index, messageOf(error));
          else pool.answered(index);
        }
        observer.error(error);
      },
      complete() {
        if (isSettled) return;
        settle();
        observer.complete();
      },
    });
    return () => {
      settle();
      inner.unsubscribe();
    };
  });
}

/** A subscription follows the runner: it is made again on each server the runner moves to. */
function follow(chains: Chain[], { pool }: FailoverLinkOptions, op: Operation): Result {
  return observable((observer) => {
    let inner: { unsubscribe(): void } | undefined;
    const attach = () => {
      inner?.unsubscribe();
      const index = pool.index;
      inner = chains[index]!({ op, next: NO_NEXT }).subscribe({
        next: (envelope) => observer.next(envelope),
        error(error) {
          // Moving on re-attaches it; with nowhere to move, the subscriber hears of it.
          if (!isServerDown(error) || !pool.fail(index, messageOf(error))) observer.error(error);
        },
        complete: () => observer.complete(),
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
 */
export function failoverLink(options: FailoverLinkOptions): TRPCLink<AppRouter> {
  return (runtime) => {
    const chains = options.links.map((link) => link(runtime));
    return ({ op }) => (op.type === "subscription" ? follow(chains, options, op) : call(chains, options, op));
  };
}
