/**
 * The contract every chaos trial set follows: one reliability promise (a target R1–R7 in
 * docs/reliability.md), tried `trials` times against real processes, each trial either kept or
 * broken (with what was seen), and the worst case seen across all of them.
 */
export interface ChaosMode {
  /** The short run inside `npm test`: a few trials each, the whole suite under two minutes. */
  quick: boolean;
}

export interface TrialResult {
  /** The promise held in this trial. */
  ok: boolean;
  /** What broke it (when not ok), in words: "task CHA-12 acknowledged but missing after restart". */
  failure?: string;
  /** The measure this promise is judged by, for the worst case (e.g. reconciliation time in ms). */
  measure?: number;
}

export interface ChaosPromise {
  /** R1…R7, with a suffix where one target has several trial sets (R2a, R2b). */
  id: string;
  /** The promise in a few words, as the table prints it. */
  promise: string;
  /** Trials in the full run and in the quick one. */
  trials: { full: number; quick: number };
  /** How `measure` reads ("12 ms", "3.1 MiB") for the worst-case column; higher is worse. */
  unit?: (measure: number) => string;
  /** Everything the trials share (a server, a home); torn down after the last trial. */
  setup?: (mode: ChaosMode) => Promise<ChaosFixture>;
  trial: (index: number, fixture: ChaosFixture, mode: ChaosMode) => Promise<TrialResult>;
}

export interface ChaosFixture {
  teardown(): Promise<void>;
  [key: string]: unknown;
}

export interface PromiseOutcome {
  id: string;
  promise: string;
  trials: number;
  failures: number;
  /** The worst measure seen, in the promise's unit ("" when it has none). */
  worst: string;
  /** The first few failures, in words. */
  failuresSeen: string[];
}
