/** Small statistics helpers for the benchmarks: medians and tail percentiles. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export interface Verdict {
  name: string;
  measured: string;
  target: string;
  ok: boolean;
  /** Reported for information (a case beyond the target's): printed as INFO, whatever `ok`. */
  info?: boolean;
}

export function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

export function printVerdicts(verdicts: readonly Verdict[]): void {
  const width = Math.max(...verdicts.map((v) => v.name.length));
  for (const v of verdicts) {
    const verdict = v.info ? "INFO" : v.ok ? "PASS" : "MISS";
    console.log(`${verdict}  ${v.name.padEnd(width)}  ${v.measured}  (target ${v.target})`);
  }
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
