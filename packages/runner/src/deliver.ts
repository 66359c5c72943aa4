import { messageOf } from "@maestro/domain";
import { TRPCClientError } from "@trpc/client";

/** The first retry waits this long, each next one twice as long, up to the cap. */
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;
/** One attempt that has not been answered by then is tried again (a half-open connection never answers). */
const ATTEMPT_TIMEOUT_MS = 30_000;

export interface DeliverOptions {
  /** What is being delivered, for the log ("its end", "its last output"). */
  what: string;
  /** How the runner's log lines name the session. */
  label: string;
  log(line: string): void;
  /** Aborted when the runner stops waiting (it is stopping and its bound has passed): nothing more is tried. */
  giveUp: AbortSignal;
  /** Whether a failed try is tried again (default: anything but a definite refusal). */
  retryIf?(error: unknown): boolean;
}

/** The server answered with a code that says the call can never succeed (4xx): a retry would be refused again. */
export function isDefiniteRefusal(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const { code, httpStatus } = (error.data ?? {}) as { code?: unknown; httpStatus?: unknown };
  if (code === undefined) return false;
  // Too many requests or a timeout are the server's present state, not its answer to this call.
  return typeof httpStatus === "number" && httpStatus >= 400 && httpStatus < 500 && ![408, 429].includes(httpStatus);
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

/**
 * Sends one report the server must not miss, again and again (capped backoff) while the server
 * cannot be reached: a session whose end is lost would be run again by the next server. A
 * definite refusal (its lease was fenced, it already ended) ends the tries (or whatever
 * `retryIf` declines), as does `giveUp`.
 * Resolves true once the server has taken it.
 */
export async function deliver(
  call: (signal: AbortSignal) => Promise<unknown>,
  options: DeliverOptions,
): Promise<boolean> {
  const { giveUp, label, log, what, retryIf = (error: unknown) => !isDefiniteRefusal(error) } = options;
  for (let attempt = 0; !giveUp.aborted; attempt++) {
    try {
      await call(AbortSignal.any([giveUp, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]));
      if (attempt > 0) log(`${label}: recorded ${what} once the server answered again`);
      return true;
    } catch (error) {
      if (!retryIf(error)) {
        const refused = isDefiniteRefusal(error) ? "the server refused" : "could not record";
        log(`${label}: ${refused} ${what}, not trying again: ${messageOf(error)}`);
        return false;
      }
      if (attempt === 0) {
        log(`${label}: could not record ${what} (${messageOf(error)}): trying until the server answers`);
      }
      await pause(Math.min(FIRST_RETRY_MS * 2 ** attempt, MAX_RETRY_MS), giveUp);
    }
  }
  log(`${label}: gave up recording ${what}: the runner stopped before the server answered`);
  return false;
}
