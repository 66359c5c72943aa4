/** Small helpers the benchmarks share: percentiles, verdicts, deadlines, and the summary table. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** One target checked against one measurement, declared by the bench next to what it measured. */
export interface Verdict {
  name: string;
  measured: string;
  target: string;
  ok: boolean;
  /** Reported for information (a case beyond the target's): printed as INFO, whatever `ok`. */
  info?: boolean;
}

/** What `pnpm bench` hands every bench. */
export interface BenchOptions {
  /** `--quick`: smaller runs for a smoke check; the verdicts are still computed, the JSON says quick. */
  quick: boolean;
}

/** A bench: runs its measurements and returns one verdict per target. */
export type BenchFn = (options: BenchOptions) => Promise<Verdict[]>;

/** `value ≤ limit`; NaN (nothing measured) is never within a limit. */
export function atMost(value: number, limit: number): boolean {
  return Number.isFinite(value) && value <= limit;
}

/** `value ≥ limit`; NaN (nothing measured) never reaches one. */
export function atLeast(value: number, limit: number): boolean {
  return Number.isFinite(value) && value >= limit;
}

export function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

export function verdictLabel(v: Verdict): "INFO" | "PASS" | "MISS" {
  return v.info ? "INFO" : v.ok ? "PASS" : "MISS";
}

/** The summary: one row per verdict, with its result, the target and what was measured. */
export function formatTable(verdicts: readonly Verdict[]): string {
  const rows = [
    ["result", "bench", "target", "measured"],
    ...verdicts.map((v) => [verdictLabel(v), v.name, v.target, v.measured]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell))
      .join("  ")
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  ") + "  --------", ...rows.slice(1).map(line)].join(
    "\n",
  );
}

export function printVerdicts(verdicts: readonly Verdict[]): void {
  console.log(formatTable(verdicts));
}

/** Verdicts that missed their target; INFO rows never count. */
export function countMisses(verdicts: readonly Verdict[]): number {
  return verdicts.filter((v) => !v.info && !v.ok).length;
}

export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * `promise`, or a rejection naming `what` once `timeoutMs` have passed: no bench waits forever.
 * `onTimeout` cleans up what was waited on (kills a child, closes sockets).
 */
export function withDeadline<T>(
  promise: Promise<T>,
  timeoutMs: number,
  what: string,
  onTimeout?: () => void,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new Error(`${what}: no answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** Runs `fn` `times` times and throws the results away: JIT, caches and connections warm before measuring. */
export async function warmUp(times: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < times; i++) await fn(i);
}
