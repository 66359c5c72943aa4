// `pnpm bench [p1] [p2] [p3] [p4] [p5] [p6] [p8]`: measures against docs' targets and prints PASS/MISS lines.
import { benchColdStart } from "./p1-cold-start";
import { benchWrites } from "./p2-writes";
import { benchFanout } from "./p3-fanout";
import { benchLogLatency } from "./p4-log-latency";
import { benchLogIngestion } from "./p5-log-ingestion";
import { benchAutopilotSpawn } from "./p6-autopilot-spawn";
import { benchGraph } from "./p8-graph";
import { type Verdict, printVerdicts } from "./stats";

const BENCHES: Record<string, () => Promise<Verdict[]>> = {
  p1: benchColdStart,
  p2: () => benchWrites(),
  p3: benchFanout,
  p4: benchLogLatency,
  p5: benchLogIngestion,
  p6: benchAutopilotSpawn,
  p8: benchGraph,
};

const selected = process.argv.slice(2).filter((arg) => arg in BENCHES);
const verdicts: Verdict[] = [];
for (const name of selected.length ? selected : Object.keys(BENCHES)) {
  console.error(`running ${name}…`);
  verdicts.push(...(await BENCHES[name]!()));
}
printVerdicts(verdicts);
process.exit(0);
