// P5: log ingestion ≥ 5 MB/s per session and ≥ 50 MB/s total with 8 agents writing at once, no
// line lost, server RSS bounded. Fake agents under the real `maestro serve` write numbered
// 100-byte lines as fast as their pipe takes them: a short unmeasured session first (warm-up),
// one session alone, then BENCH_P5_SESSIONS (8) at once, BENCH_P5_MB (50; `--quick` 10) MB each.
// Every line is then read back through session.log pages and checked, in order. The server's and
// its runner's CPU per MB are reported too: on a shared machine they say more than MB/s.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Session } from "@maestro/domain";
import {
  type BenchClient,
  addScriptAgent,
  httpClient,
  seedAgent,
  startAgentSession,
  waitForSessionsEnd,
} from "./agent-sessions";
import { type ServeProcess, startServeProcess, trackChild } from "./serve-process";
import { type BenchOptions, type Verdict, atLeast, atMost, withDeadline } from "./stats";
import { benchEnv } from "./env";

const MB = 1_000_000;
const LINE_BYTES = 100;
let SESSION_MB = benchEnv.p5.megabytes;
const PARALLEL = benchEnv.p5.sessions;
let LINES = Math.round((SESSION_MB * MB) / LINE_BYTES);
const TOTAL_MBPS = 50;
const SESSION_MBPS = 5;
/** P9's budget for the whole server; ingestion must not grow it with the bytes written. */
const RSS_BUDGET_MIB = 300;

const expectedLine = (i: number) => `line ${String(i).padStart(9, "0")} ${"x".repeat(84)}`;
const mbps = (bytes: number, ms: number) => bytes / MB / (ms / 1000);
const rate = (value: number) => `${value.toFixed(1)} MB/s`;

/** Reads a session's whole log back in pages and checks it is exactly lines 0…LINES-1, in order. */
async function verifyLog(client: BenchClient, id: string): Promise<{ lines: number; firstProblem: string | null }> {
  let afterSeq = 0;
  let partial = "";
  let next = 0;
  let firstProblem: string | null = null;
  const check = (line: string) => {
    if (firstProblem === null && line !== expectedLine(next)) {
      firstProblem = `line ${next}: got ${JSON.stringify(line.slice(0, 40))}`;
    }
    next += 1;
  };
  for (;;) {
    const page = await client.session.log.query({ id, afterSeq, limit: 200 });
    if (page.length === 0) break;
    afterSeq = page.at(-1)!.seq;
    for (const chunk of page) {
      if (chunk.stream !== "stdout") {
        firstProblem ??= `unexpected ${chunk.stream} chunk: ${JSON.stringify(chunk.text.slice(0, 80))}`;
        continue;
      }
      const lines = (partial + chunk.text).split("\n");
      partial = lines.pop()!;
      lines.forEach(check);
    }
  }
  if (partial) check(partial);
  if (next !== LINES) firstProblem ??= `${next} of ${LINES} lines stored`;
  return { lines: next, firstProblem };
}

/** Runs `count` sessions at once; returns them ended, with the server's RSS sampled meanwhile. */
async function runPhase(client: BenchClient, server: ServeProcess, projectId: string, count: number) {
  let peakRssMiB = server.memory().rssMiB;
  const sampler = setInterval(() => (peakRssMiB = Math.max(peakRssMiB, server.memory().rssMiB)), 100);
  const cpuBefore = { server: server.cpuMs(), runner: server.childrenCpuMs(), agents: server.grandchildrenCpuMs() };
  try {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push(await startAgentSession(client, projectId, "firehose", `firehose ${count}.${i}`));
    }
    const sessions = await waitForSessionsEnd(client, ids, 60_000 + (count * SESSION_MB * 1000) / 2);
    const cpuMs = {
      server: server.cpuMs() - cpuBefore.server,
      runner: server.childrenCpuMs() - cpuBefore.runner,
      // The agents have exited: the runner reaped them, so their CPU is in its children's total.
      agents: server.grandchildrenCpuMs() - cpuBefore.agents,
    };
    return { sessions, peakRssMiB, cpuMs };
  } finally {
    clearInterval(sampler);
  }
}

function spanMs(sessions: readonly Session[]): number {
  const start = Math.min(...sessions.map((s) => Date.parse(s.startedAt ?? s.createdAt)));
  return Math.max(...sessions.map((s) => Date.parse(s.endedAt!))) - start;
}

/** The physical limit: the same agent's output drained from its own stdout pipe. */
async function rawPipeBaseline(): Promise<number> {
  const script = fileURLToPath(new URL("./agents/firehose.mjs", import.meta.url));
  const start = performance.now();
  const child = trackChild(spawn(process.execPath, [script, String(LINES)], { stdio: ["ignore", "pipe", "inherit"] }));
  let bytes = 0;
  const read = async () => {
    for await (const chunk of child.stdout!) bytes += (chunk as Buffer).length;
  };
  await withDeadline(read(), 120_000, "P5's raw pipe baseline", () => child.kill("SIGKILL"));
  return mbps(bytes, performance.now() - start);
}

interface CpuMs {
  server: number;
  runner: number;
  agents: number;
}

/**
 * CPU per MB of the server, its runner and the agents: steadier than MB/s on a shared machine.
 * Their sum gives what the whole pipeline could ingest were two cores its own (CPU-bound).
 */
function cpuVerdict(parallel: CpuMs, parallelMb: number, single: CpuMs, singleMb: number): Verdict {
  const per = (cpu: CpuMs, mb: number) =>
    `${(cpu.server / mb).toFixed(1)} / ${(cpu.runner / mb).toFixed(1)} / ${(cpu.agents / mb).toFixed(1)}`;
  const total = (parallel.server + parallel.runner + parallel.agents) / parallelMb;
  return {
    name: `P5 CPU per MB, ${PARALLEL} at once (server / runner / agents)`,
    measured: `${per(parallel, parallelMb)} ms/MB, CPU-bound ceiling on 2 free cores ${rate(2_000 / total)}  (1 alone: ${per(single, singleMb)})`,
    target: "information",
    ok: true,
    info: true,
  };
}

export async function benchLogIngestion({ quick }: BenchOptions): Promise<Verdict[]> {
  if (quick) [SESSION_MB, LINES] = [Math.min(SESSION_MB, 10), Math.round((Math.min(SESSION_MB, 10) * MB) / LINE_BYTES)];
  const server = await startServeProcess("p5");
  try {
    const client = httpClient(server.url, server.token);
    const project = await seedAgent(client, {
      key: "ING",
      rootDir: server.home,
      name: "firehose",
      script: "firehose.mjs",
      args: [String(LINES)],
    });
    // Warm-up: one short session, not measured (the runner's and the server's paths compile).
    await addScriptAgent(client, { name: "firehose-warm-up", script: "firehose.mjs", args: ["20000"] });
    const warm = await startAgentSession(client, project.id, "firehose-warm-up", "firehose warm-up");
    await waitForSessionsEnd(client, [warm], 60_000);
    const idleMiB = server.memory().rssMiB;
    const single = await runPhase(client, server, project.id, 1);
    const parallel = await runPhase(client, server, project.id, PARALLEL);
    const peakMiB = server.memory().peakMiB;
    const all = [...single.sessions, ...parallel.sessions];
    const checks = await Promise.all(all.map((session) => verifyLog(client, session.id)));
    const problems = all.flatMap((s, i) =>
      s.status === "succeeded" && !checks[i]!.firstProblem
        ? []
        : [`${s.id.slice(0, 8)} ${s.status}: ${checks[i]!.firstProblem ?? s.error}`],
    );
    const bytes = LINES * LINE_BYTES;
    const alone = mbps(bytes, spanMs(single.sessions));
    const perSession = parallel.sessions.map((s) => mbps(bytes, spanMs([s])));
    const total = mbps(bytes * PARALLEL, spanMs(parallel.sessions));
    const raw = await rawPipeBaseline();
    return [
      {
        name: `P5 ingestion, 1 session alone, ${SESSION_MB} MB`,
        measured: `${rate(alone)}  (raw stdout pipe ${rate(raw)})`,
        target: `≥ ${SESSION_MBPS} MB/s per session`,
        ok: atLeast(alone, SESSION_MBPS),
      },
      {
        name: `P5 ingestion, ${PARALLEL} sessions at once, ${SESSION_MB} MB each (slowest session / total)`,
        measured: `${rate(Math.min(...perSession))} / ${rate(total)}`,
        target: `≥ ${SESSION_MBPS} MB/s per session, ≥ ${TOTAL_MBPS} MB/s total`,
        ok: atLeast(Math.min(...perSession), SESSION_MBPS) && atLeast(total, TOTAL_MBPS),
      },
      cpuVerdict(parallel.cpuMs, (bytes * PARALLEL) / MB, single.cpuMs, bytes / MB),
      {
        name: "P5 no line lost: every line stored once, in order, sessions succeeded",
        measured: problems.length
          ? problems.join("; ")
          : `${checks.reduce((sum, c) => sum + c.lines, 0)}/${LINES * all.length} lines`,
        target: "all, in order",
        ok: problems.length === 0,
      },
      {
        name: "P5 server RSS while ingesting (peak 1 session / peak parallel / VmHWM)",
        measured: `${single.peakRssMiB.toFixed(0)} / ${parallel.peakRssMiB.toFixed(0)} / ${peakMiB.toFixed(0)} MiB  (idle ${idleMiB.toFixed(0)} MiB, ${((bytes * all.length) / MB).toFixed(0)} MB written)`,
        target: `≤ ${RSS_BUDGET_MIB} MiB`,
        ok: atMost(peakMiB, RSS_BUDGET_MIB),
      },
    ];
  } finally {
    await server.stop();
  }
}
