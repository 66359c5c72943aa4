import { messageOf } from "@maestro/domain";
import { TRPCClientError } from "@trpc/client";

/**
 * The servers a runner may work for, in the order given, and the one it works for now. A
 * server that stops answering hands over to the next (after the last, the first again); the
 * runner stays where it is for as long as that server answers.
 */
export interface ServerPool {
  readonly urls: readonly string[];
  /** The index of the server calls go to now. */
  readonly index: number;
  readonly current: string;
  /**
   * Server `index` did not answer (`reason`): if it is still the current one, calls go to the
   * next from now on. True when that moved the runner; with one server it never does.
   */
  fail(index: number, reason: string): boolean;
  /** A call to server `index` was answered (with a result or the server's own error). */
  answered(index: number): void;
  /**
   * How many answers the current server has given: a call that fails after its server answered
   * calls sent later is no news of that server (a connection of its own broke, an old attempt).
   */
  readonly answers: number;
  /** Called after each move, with the server left and the one now current. */
  onSwitch(listener: (left: number, now: number) => void): () => void;
}

/**
 * Says which server the runner is on without a line per failed call: a move away from a server
 * that had answered is logged with the reason, and so is the first answer after a move. While
 * every server is down the runner goes round them silently.
 */
export function createServerPool(urls: readonly string[], log: (line: string) => void): ServerPool {
  if (urls.length === 0) throw new Error("a runner needs at least one server URL");
  let index = 0;
  let hasAnswered = false;
  let hasMoved = false;
  let answers = 0;
  const listeners = new Set<(left: number, now: number) => void>();
  return {
    urls,
    get index() {
      return index;
    },
    get current() {
      return urls[index]!;
    },
    get answers() {
      return answers;
    },
    fail(failed, reason) {
      if (failed !== index || urls.length === 1) return false;
      const next = (index + 1) % urls.length;
      if (hasAnswered) log(`runner: ${urls[failed]} stopped answering (${reason}); trying ${urls[next]}`);
      index = next;
      hasAnswered = false;
      hasMoved = true;
      for (const listener of listeners) listener(failed, next);
      return true;
    },
    answered(answering) {
      if (answering !== index) return;
      answers++;
      if (hasAnswered) return;
      hasAnswered = true;
      if (hasMoved) log(`runner: now working for ${urls[index]}`);
    },
    onSwitch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Connection errors that say the request never reached a server (nothing can have been stored). */
const UNSENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

/** The error codes anywhere in an error's chain of causes (and an aggregate's errors). */
function codesOf(error: unknown, depth = 0): string[] {
  if (typeof error !== "object" || error === null || depth > 5) return [];
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const nested = Array.isArray(errors) ? errors.flatMap((inner) => codesOf(inner, depth + 1)) : [];
  return [...(typeof code === "string" ? [code] : []), ...codesOf(cause, depth + 1), ...nested];
}

/** The call could not even be sent: the server's address refused or could not be reached. */
export function isUnsent(error: unknown): boolean {
  return codesOf(error).some((code) => UNSENT_CODES.has(code));
}

/**
 * The server did not answer this call — no connection, the connection dropped, no answer in
 * time, or anything but a tRPC answer (a proxy's error page) — or answered 5xx: its present
 * state, not its answer to the call. A 4xx is an answer (a bad token, a fenced lease).
 */
export function isServerDown(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return true;
  const { code, httpStatus } = (error.data ?? {}) as { code?: unknown; httpStatus?: unknown };
  if (code === undefined) return true;
  return typeof httpStatus === "number" && httpStatus >= 500;
}

/**
 * Asks each server in turn (`ask` goes to the pool's current one, and a server not answering
 * moves the pool on) until one answers. A server's refusal (4xx) ends the search at once: the
 * others would refuse the same credential. None answering: the reasons, server by server.
 */
export async function findServer(pool: ServerPool, ask: () => Promise<unknown>): Promise<void> {
  const reasons: string[] = [];
  for (const url of pool.urls) {
    try {
      await ask();
      return;
    } catch (error) {
      if (pool.urls.length === 1 || !isServerDown(error)) throw error;
      reasons.push(`${url}: ${messageOf(error)}`);
    }
  }
  throw new Error(`no server answered (${reasons.join("; ")})`);
}
