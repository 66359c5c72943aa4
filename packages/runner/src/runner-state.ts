import { type LandJobRef, type LogFields, messageOf } from "@maestro/domain";
import type { RunnerClient } from "./client";
import type { HeldSession, SuperviseDeps } from "./held-session";
import { isServerDown } from "./server-pool";

/** Everything one runner keeps between its steps. */
export interface RunnerState {
  runnerId: string;
  client: RunnerClient;
  log(line: string, fields?: LogFields): void;
  /** The sessions whose agents this runner supervises, by session id. */
  held: Map<string, HeldSession>;
  /** Set once the runner has started: what every supervised session is given. */
  deps: SuperviseDeps | undefined;
  /** The claim loop while one runs (there is never more than one). */
  claiming: Promise<void> | undefined;
  /** Aborts the open claim of a stopping runner. */
  claimAbort: AbortController;
  /** The land-job loop while one runs (never more than one; it lands one job at a time). */
  landing: Promise<void> | undefined;
  /** The land job being landed (until its outcome is delivered): heartbeats keep its claim alive. */
  landingJob: LandJobRef | undefined;
  /** Aborts the open land claim of a stopping runner. */
  landingAbort: AbortController;
  /** Until then (epoch ms) no land job is asked for: the server did not know the call. */
  landingPausedUntil: number;
  isBeating: boolean;
  /** Aborted when a stopping runner stops waiting for the server to take its sessions' ends. */
  giveUp: AbortController;
  /** Set once stop() was called: resolves when the runner has stopped. */
  stopped: Promise<void> | undefined;
  lastError: string;
  /** This machine's available memory, MiB (injectable: tests must not depend on the real figure). */
  readAvailableMemoryMb(): number;
  /** It has other servers to move to: a server not answering is the pool's to report (one line a move). */
  canFailOver: boolean;
}

/** Logs a failure once: a server that is down would otherwise print the same line every second. */
export function reportError(state: RunnerState, error: unknown): void {
  if (state.canFailOver && isServerDown(error)) return;
  const message = messageOf(error);
  if (message !== state.lastError) state.log(`runner: ${message}`);
  state.lastError = message;
}
