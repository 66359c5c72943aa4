// `pnpm bench [ids…] [--quick] [--json <file> | --no-json]`: runs the benches (all by default),
// prints a table of every target (PASS/MISS, INFO for cases beyond a target), writes the same as
// JSON (default bench/results/<timestamp>.json) and exits 1 when any target is missed.
// Each bench has a deadline; one that cannot finish is a MISS and the others still run.
// A new bench is one line in BENCHES (and its import).
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { benchColdStart } from "./p1-cold-start";
import { benchWrites } from "./p2-writes";
import { benchFanout } from "./p3-fanout";
import { benchLogLatency } from "./p4-log-latency";
import { benchLogIngestion } from "./p5-log-ingestion";
import { benchAutopilotSpawn } from "./p6-autopilot-spawn";
import { benchGraph } from "./p8-graph";
import { benchLandLatency } from "./l1-land-latency";
import { benchTaskDiff } from "./l2-task-diff";
import { benchLandMany } from "./l3-land-many";
import { benchEnv } from "./env";
import { type BenchRun, buildReport, machineNow, parseRunArgs, writeReport } from "./report";
import { killChildren } from "./serve-process";
import { type BenchFn, type Verdict, countMisses, printVerdicts, withDeadline } from "./stats";

/** id → bench, run in this order. */
const BENCHES: Record<string, BenchFn> = {
  p1: benchColdStart,
  p2: benchWrites,
  p3: benchFanout,
  p4: benchLogLatency,
  p5: benchLogIngestion,
  p6: benchAutopilotSpawn,
  p7: async () => (await import("./p7-list-sizes")).benchListSizes(),
  p8: benchGraph,
  p9: async () => await (await import("./p9-task-pages")).benchTaskPages(),
  p10: async (options) => (await import("./p10-dashboard")).benchDashboard(options),
  l1: () => benchLandLatency(),
  l2: () => benchTaskDiff(),
  l3: () => benchLandMany(),
  c1: async () => (await import("./c1-cli-start")).benchCliStart(),
  t1: async (options) => (await import("./t1-team-writes")).benchTeamWrites(options),
  t2: async (options) => (await import("./t2-team-claims")).benchTeamClaims(options),
  t3: async (options) => (await import("./t3-million")).benchMillion(options),
};

/** The longest one bench may take (P6 and L1 run for minutes on a loaded machine). */
const BENCH_DEADLINE_MS = 20 * 60_000;

const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const defaultJson = fileURLToPath(new URL(`./results/${stamp}.json`, import.meta.url));
let args: ReturnType<typeof parseRunArgs>;
try {
  args = parseRunArgs(process.argv.slice(2), Object.keys(BENCHES), defaultJson);
} catch (error) {
  console.error(messageOf(error));
  process.exit(2);
}
const startedAt = new Date();
const machineBefore = machineNow();
const runs: BenchRun[] = [];
for (const id of args.ids) {
  console.error(`running ${id}${args.quick ? " (quick)" : ""}…`);
  const start = performance.now();
  let verdicts: Verdict[];
  try {
    verdicts = await withDeadline(BENCHES[id]!({ quick: args.quick }), BENCH_DEADLINE_MS, `${id} as a whole`);
  } catch (error) {
    // A bench that cannot finish measured nothing: a MISS, and the others still run.
    console.error(error);
    killChildren();
    verdicts = [
      { name: `${id.toUpperCase()} did not finish`, measured: messageOf(error), target: "a measurement", ok: false },
    ];
  }
  runs.push({ id, seconds: (performance.now() - start) / 1000, verdicts });
}
const verdicts = runs.flatMap((run) => run.verdicts);
printVerdicts(verdicts);
const report = buildReport({ startedAt, quick: args.quick, runs, machineBefore, machineAfter: machineNow() });
if (args.jsonPath) {
  // A relative --json is where `pnpm bench` was typed (pnpm runs this script in bench/).
  const path = resolve(benchEnv.invokedFrom, args.jsonPath);
  writeReport(path, report);
  console.error(`report: ${path}`);
}
const misses = countMisses(verdicts);
const load = `load average ${machineBefore.loadavg[0]} → ${report.machine.after.loadavg[0]} on ${machineBefore.cpus} cores`;
console.error(`${misses > 0 ? `${misses} target(s) missed` : "every target met"}; ${load}`);
if (Math.max(machineBefore.loadavg[0]!, report.machine.after.loadavg[0]!) > machineBefore.cpus) {
  console.error("the machine was busy: compare ratios and CPU per unit of work, not wall times, with other runs");
}
killChildren();
process.exit(misses > 0 ? 1 : 0);

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}
