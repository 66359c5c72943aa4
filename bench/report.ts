// What `pnpm bench` reads from its command line and what it writes besides the table: a JSON
// report of every verdict, with how loaded the machine was while they were measured.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname } from "node:path";
import { type Verdict, countMisses, verdictLabel } from "./stats";

export interface RunArgs {
  ids: string[];
  quick: boolean;
  /** Where the JSON report goes; null: `--no-json`. */
  jsonPath: string | null;
}

const USAGE = "pnpm bench [ids…] [--quick] [--json <file> | --no-json]";

/** Parses argv; unknown ids and flags are errors (a typo must not run nothing and pass). */
export function parseRunArgs(argv: readonly string[], known: readonly string[], defaultJson: string): RunArgs {
  const args: RunArgs = { ids: [], quick: false, jsonPath: defaultJson };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--quick") args.quick = true;
    else if (arg === "--no-json") args.jsonPath = null;
    else if (arg === "--json") {
      const path = argv[++i];
      if (!path || path.startsWith("--")) throw new Error(`--json needs a file; ${USAGE}`);
      args.jsonPath = path;
    } else if (arg.startsWith("--json=")) args.jsonPath = arg.slice("--json=".length);
    else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}; ${USAGE}`);
    else if (known.includes(arg.toLowerCase())) args.ids.push(arg.toLowerCase());
    else throw new Error(`unknown bench ${arg}; choose from ${known.join(" ")}`);
  }
  if (args.ids.length === 0) args.ids = [...known];
  return args;
}

export interface BenchRun {
  id: string;
  seconds: number;
  verdicts: Verdict[];
}

export interface Machine {
  loadavg: number[];
  cpus: number;
}

export function machineNow(): Machine {
  return { loadavg: loadavg().map((load) => Number(load.toFixed(2))), cpus: cpus().length };
}

export function buildReport(opts: {
  startedAt: Date;
  quick: boolean;
  runs: readonly BenchRun[];
  machineBefore: Machine;
  machineAfter: Machine;
}) {
  const verdicts = opts.runs.flatMap((run) => run.verdicts);
  return {
    startedAt: opts.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    quick: opts.quick,
    node: process.version,
    machine: { before: opts.machineBefore, after: opts.machineAfter },
    misses: countMisses(verdicts),
    benches: opts.runs.map((run) => ({
      id: run.id,
      seconds: Number(run.seconds.toFixed(1)),
      verdicts: run.verdicts.map((v) => ({ result: verdictLabel(v), ...v })),
    })),
  };
}

export function writeReport(path: string, report: ReturnType<typeof buildReport>): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}
