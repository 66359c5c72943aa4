// P3: a task update → 50 dashboard subscribers. Targets (docs/decisions/0009-p3-same-work-baseline.md):
// each delivery p50 ≤ 10 ms and p99 ≤ 10 ms; the time to reach all 50 ≤ 3× a same-work baseline in
// the same run (plain node:http + better-sqlite3 WAL/FULL: the row and an event row in one durable
// transaction, then a bare `ws` broadcast of the event's JSON), p50 and p99; fan-out alone (publish
// → last subscriber) against the baseline's bare broadcast, for information; server CPU per update
// for both; a burst of updates with no waits: every subscriber gets every one, in order, and ends on
// the final state. The two sides alternate update by update (the machine's load hits both alike),
// after 20 unmeasured rounds; every wait has a deadline. `--quick`: 50 rounds and a burst of 50.
import { httpClient } from "./agent-sessions";
import { Arrivals, SUBSCRIBERS, postBaseline, startServerChild, subscribeBaseline, subscribeMaestro } from "./p3-sides";
import { processCpuMs } from "./serve-process";
import { nowMs } from "./stamps";
import { type BenchOptions, type Verdict, atMost, ms, percentile, warmUp } from "./stats";

const WARM_UP_ROUNDS = 20;

/** What one side measured over the timed rounds. */
interface Side {
  /** Every delivery: received − sent (ms). */
  deliveries: number[];
  /** Per update: the last subscriber's receipt − sent. */
  toAll: number[];
  /** Per update: the last subscriber's receipt − the publish (Maestro) or the broadcast's start (baseline). */
  fanOut: number[];
  /** Server CPU per update, with the subscribers and with none. */
  cpuMsPerUpdate: [withSubscribers: number, alone: number];
}

export async function benchFanout({ quick }: BenchOptions): Promise<Verdict[]> {
  const [rounds, burst] = quick ? [50, 50] : [200, 200];
  const maestro = await startServerChild("./serve-child.ts");
  const baseline = await startServerChild("./p3-baseline-child.ts").catch(async (error: unknown) => {
    await maestro.stop();
    throw error;
  });
  const closers: Array<() => void> = [];
  try {
    const { url, token, pid } = maestro.info as { url: string; token: string; pid: number };
    const { port, pid: basePid } = baseline.info as { port: number; pid: number };
    const http = httpClient(url, token);
    const project = await http.project.create.mutate({ name: "Fanout", rootDir: "/tmp/fanout", key: "FAN" });
    const task = await http.task.create.mutate({ projectId: project.id, title: "start" });
    await postBaseline(port, "/seed", task);
    const arrivals = { maestro: new Arrivals(), baseline: new Arrivals() };
    closers.push(await subscribeMaestro({ url, token }, project.id, arrivals.maestro));
    closers.push(await subscribeBaseline(port, arrivals.baseline));
    const sent = { maestro: new Map<string, number>(), baseline: new Map<string, number>() };
    const round = async (title: string) => {
      sent.maestro.set(title, nowMs());
      await http.task.update.mutate({ id: task.id, title });
      await arrivals.maestro.allHave(title);
      sent.baseline.set(title, nowMs());
      await postBaseline(port, "/update", { id: task.id, title });
      await arrivals.baseline.allHave(title);
    };
    await warmUp(WARM_UP_ROUNDS, (i) => round(`warm-up ${i}`));
    const cpuOf = () => [processCpuMs(pid), processCpuMs(basePid)];
    const cpuBefore = cpuOf();
    const titles = Array.from({ length: rounds }, (_, i) => `r${i}`);
    for (const title of titles) await round(title);
    const cpuAfter = cpuOf();
    // The burst: Maestro only, each update sent once the last was answered, none waited for.
    const burstTitles = Array.from({ length: burst }, (_, i) => `b${i}`);
    for (const title of burstTitles) await http.task.update.mutate({ id: task.id, title });
    await arrivals.maestro.allHave(burstTitles.at(-1)!).catch(() => undefined);
    const final = (await http.task.byId.query({ id: task.id })).title;
    // The same rounds with nobody subscribed: what is left of the CPU is the update's own.
    closers.splice(0).forEach((close) => close());
    await new Promise((resolve) => setTimeout(resolve, 300)); // the servers see the sockets close
    const cpuAlone = cpuOf();
    for (let i = 0; i < rounds; i++) {
      await http.task.update.mutate({ id: task.id, title: `alone ${i}` });
      await postBaseline(port, "/update", { id: task.id, title: `alone ${i}` });
    }
    const [cpu, cpuWithout] = [
      cpuAfter.map((after, i) => (after - cpuBefore[i]!) / rounds),
      cpuOf().map((after, i) => (after - cpuAlone[i]!) / rounds),
    ];
    const [maestroStamps, baselineStamps] = await Promise.all([maestro.stamps(), baseline.stamps()]);
    const sides = {
      maestro: measure(titles, sent.maestro, maestroStamps, arrivals.maestro, [cpu[0]!, cpuWithout[0]!]),
      baseline: measure(titles, sent.baseline, baselineStamps, arrivals.baseline, [cpu[1]!, cpuWithout[1]!]),
    };
    return [
      latencyVerdict(sides.maestro),
      ratioVerdict("the time to reach all 50, against the same-work baseline", sides, "toAll", true),
      ratioVerdict("fan-out alone (publish → last subscriber), against bare ws", sides, "fanOut", false),
      ...cpuVerdicts(sides),
      burstVerdict(arrivals.maestro, burstTitles, final),
    ];
  } finally {
    closers.forEach((close) => close());
    await Promise.all([maestro.stop(), baseline.stop()]);
  }
}

function measure(
  titles: string[],
  sent: Map<string, number>,
  published: Record<string, number>,
  arrivals: Arrivals,
  cpuMsPerUpdate: [number, number],
): Side {
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

function latencyVerdict(side: Side): Verdict {
  const [p50, p99] = [percentile(side.deliveries, 50), percentile(side.deliveries, 99)];
  return {
    name: `P3 update → each of ${SUBSCRIBERS} subscribers (p50/p99)`,
    measured: `${ms(p50)} / ${ms(p99)} (${side.deliveries.length} deliveries)`,
    target: "p50 ≤ 10 ms, p99 ≤ 10 ms",
    ok: atMost(p50, 10) && atMost(p99, 10),
  };
}

/** Maestro against the baseline, the same measure on both, p50 and p99: ≤ 3× (checked, or for information). */
function ratioVerdict(
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
function cpuVerdicts({ maestro, baseline }: { maestro: Side; baseline: Side }): Verdict[] {
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
function burstVerdict(arrivals: Arrivals, titles: string[], final: string): Verdict {
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
