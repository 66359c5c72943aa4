// `pnpm bench [p1] [p2] [p3] [p4] [p5] [p6] [p8] [l1] [l2] [l3]`: measures against docs' targets and prints
// PASS/MISS lines (INFO for cases beyond a target); exits 1 when any target is missed.
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
import { type Verdict, countMisses, printVerdicts } from "./stats";

const BENCHES: Record<string, () => Promise<Verdict[]>> = {
  p1: benchColdStart,
  p2: () => benchWrites(),
  p3: benchFanout,
  p4: benchLogLatency,
  p5: benchLogIngestion,
  p6: benchAutopilotSpawn,
  p8: benchGraph,
  p9: async () => (await import("./p9-task-pages")).benchTaskPages(),
  l1: () => benchLandLatency(),
  l2: () => benchTaskDiff(),
  l3: () => benchLandMany(),
};

const selected = process.argv.slice(2);
const unknown = selected.filter((arg) => !(arg in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(", ")}; choose from ${Object.keys(BENCHES).join(" ")}`);
  process.exit(2);
}
const verdicts: Verdict[] = [];
for (const name of selected.length ? selected : Object.keys(BENCHES)) {
  console.error(`running ${name}…`);
  try {
    verdicts.push(...(await BENCHES[name]!()));
  } catch (error) {
    // A bench that cannot finish measured nothing: a MISS, and the others still run.
    console.error(error);
    verdicts.push({
      name: `${name.toUpperCase()} did not finish`,
      measured: messageOf(error),
      target: "a measurement",
      ok: false,
    });
  }
}
printVerdicts(verdicts);
const misses = countMisses(verdicts);
if (misses > 0) console.error(`${misses} target(s) missed`);
process.exit(misses > 0 ? 1 : 0);

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}
