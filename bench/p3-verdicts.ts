// P3's measures and verdicts, from what bench/p3-fanout.ts recorded on each side.
import type { Arrivals } from "./p3-sides";
import { SUBSCRIBERS } from "./p3-sides";
import { type Verdict, atMost, ms, percentile } from "./stats";

/** What one side measured over the timed rounds. */
export interface Side {
  /** Every delivery: received − sent (ms). */
  deliveries: number[];
  /** Per update: the last subscriber's receipt − sent. */
  toAll: number[];
  /** Per update: the last subscriber's receipt − the publish (Maestro) or the broadcast's start (baseline). */
  fanOut: number[];
  /** Server CPU per update, with the subscribers and with none. */
  cpuMsPerUpdate: [withSubscribers: number, alone: number];
}

interface Recorded {
  titles: string[];
  sent: Map<string, number>;
  published: Record<string, number>;
  arrivals: Arrivals;
  cpuMsPerUpdate: [number, number];
}

export function measure({ titles, sent, published, arrivals, cpuMsPerUpdate }: Recorded): Side {
  const side: Side = { deliveries: [], toAll: [], fanOut: [], cpuMsPerUpdate };
  for (const title of titles) {
    const times = arrivals.at.get(title) ?? [];
    const start = sent.get(title)!;
    side.deliveries.push(...times.map((at) => at - start));
    if (times.length !== SUBSCRIBERS) continue;
    const last = Math.max(...times);
    side.toAll.push(last - start);
    const publish = published[title];
    if (publish !== undefined) side.fanOut.push(last - publish);
  }
  return side;
}

/** Each delivery, against the absolute target; the baseline's beside it says what the machine allows now. */
export function latencyVerdict({ maestro, baseline }: { maestro: Side; baseline: Side }): Verdict {
  const [p50, p99] = [percentile(maestro.deliveries, 50), percentile(maestro.deliveries, 99)];
  const [base50, base99] = [percentile(baseline.deliveries, 50), percentile(baseline.deliveries, 99)];
  return {
    name: `P3 update → each of ${SUBSCRIBERS} subscribers (p50/p99)`,
    measured: `${ms(p50)} / ${ms(p99)} over ${maestro.deliveries.length} deliveries (the baseline: ${ms(base50)} / ${ms(base99)})`,
    target: "p50 ≤ 10 ms, p99 ≤ 10 ms",
    ok: atMost(p50, 10) && atMost(p99, 10),
  };
}

/** Maestro against the baseline, the same measure on both, p50 and p99: ≤ 3× (checked, or for information). */
export function ratioVerdict(
  what: string,
  sides: { maestro: Side; baseline: Side },
  key: "toAll" | "fanOut",
  isChecked: boolean,
): Verdict {
  const [p50, p99, base50, base99] = [sides.maestro, sides.baseline].flatMap((side) => [
    percentile(side[key], 50),
    percentile(side[key], 99),
  ]) as [number, number, number, number];
  const [ratio50, ratio99] = [p50 / base50, p99 / base99];
  return {
    name: `P3 ${what} (p50/p99)`,
    measured: `${ms(p50)} / ${ms(p99)} = ${ratio50.toFixed(1)}× / ${ratio99.toFixed(1)}× (${ms(base50)} / ${ms(base99)})`,
    target: "≤ 3×",
    // NaN (no update reached them all, or no baseline) is a miss too.
    ok: atMost(ratio50, 3) && atMost(ratio99, 3),
    info: !isChecked,
  };
}

/** Server CPU per update, and what the fan-out to the subscribers adds to it (with − without them). */
export function cpuVerdicts({ maestro, baseline }: { maestro: Side; baseline: Side }): Verdict[] {
  const fanOut = (side: Side) => side.cpuMsPerUpdate[0] - side.cpuMsPerUpdate[1];
  const row = (name: string, of: (side: Side) => number): Verdict => ({
    name: `P3 ${name}, against the baseline`,
    measured: `${ms(of(maestro))} = ${(of(maestro) / of(baseline)).toFixed(1)}× (${ms(of(baseline))})`,
    target: "for information",
    ok: true,
    info: true,
  });
  return [
    row(`server CPU per update with ${SUBSCRIBERS} subscribers`, (side) => side.cpuMsPerUpdate[0]),
    row(`server CPU of the fan-out per update (with ${SUBSCRIBERS} − with none)`, fanOut),
  ];
}

/** Back-to-back updates: every subscriber got each one, once, in order, and ends on the final state. */
export function burstVerdict(arrivals: Arrivals, titles: string[], final: string): Verdict {
  const expected = titles.join(",");
  const isBurst = (title: string) => /^b\d+$/.test(title);
  const complete = arrivals.received.filter((got) => got.filter(isBurst).join(",") === expected).length;
  const isFinal = final === titles.at(-1) && arrivals.received.every((got) => got.at(-1) === final);
  return {
    name: `P3 nothing lost: ${titles.length} back-to-back updates, every one to every subscriber in order`,
    measured: `${complete}/${SUBSCRIBERS} subscribers complete, final state ${isFinal ? "ok" : "STALE"}`,
    target: "all, in order, final",
    ok: complete === SUBSCRIBERS && isFinal,
  };
}
