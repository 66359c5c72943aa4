import { TRPCError } from "@trpc/server";

interface Budget {
  max: number;
  held: number;
}

/**
 * Subscriptions held per WebSocket connection, keyed by the connection's abort signal (every
 * call on a connection shares it in its context). Calls without an entry (HTTP, in-process)
 * are not counted: each of those is its own request.
 */
const budgets = new WeakMap<AbortSignal, Budget>();

/** Called once per WebSocket connection, as its context is made. */
export function openSubscriptionBudget(signal: AbortSignal, max: number): void {
  budgets.set(signal, { max, held: 0 });
}

/** Takes one subscription off the connection's budget; returns what gives it back. */
export function holdSubscription(signal: AbortSignal | undefined, path: string): (() => void) | undefined {
  const budget = signal ? budgets.get(signal) : undefined;
  if (!budget) return undefined;
  if (budget.held >= budget.max) {
    throw new TRPCError({
      code: "TOO_MANY_REQUESTS",
      message: `too many subscriptions on this connection: at most ${budget.max} at once (MAESTRO_WS_MAX_SUBSCRIPTIONS); ${path} refused, stop one first`,
    });
  }
  budget.held += 1;
  let isReleased = false;
  return () => {
    if (isReleased) return;
    isReleased = true;
    budget.held -= 1;
  };
}

/** The same stream, giving its subscription back however it ends (done, stopped, failed). */
export async function* releasingOnEnd<T>(stream: AsyncIterable<T>, release: () => void): AsyncGenerator<T> {
  try {
    yield* stream;
  } finally {
    release();
  }
}

export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}
