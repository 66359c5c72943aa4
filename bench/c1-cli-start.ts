// C1: the CLI an agent calls dozens of times per session starts fast. `maestro report progress`
// (with a session's own token, as an agent runs it) and `maestro task list` take ≤ 150 ms wall
// and ≤ 60 MiB peak RSS from process start to exit, against the real `maestro serve`; `node -e 0`
// runs alongside as the floor. The CLI runs through bin/maestro.js, as agents' `maestro` does
// (run `pnpm build` first, or it measures tsx). BENCH_C1_RUNS (20) calls each.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { httpClient, startAgentSession } from "./agent-sessions";
import { benchEnv, childEnv } from "./env";
import { startServeProcess } from "./serve-process";
import { type Verdict, ms, percentile } from "./stats";

const RUNS = benchEnv.c1.runs;
const WARM_UP = 2;
const WALL_TARGET_MS = 150;
const RSS_TARGET_MIB = 60;
/** GNU time reports a child's peak RSS; Node cannot read another process's after it exits. */
const GNU_TIME = "/usr/bin/time";
const CALL_DEADLINE_MS = 20_000;
const MAESTRO = fileURLToPath(new URL("../packages/cli/bin/maestro.js", import.meta.url));
/**
 * C1's agent: hands the bench what an agent's `maestro` calls run with (its session's URL, token
 * and id, one a line, into the file named by $1), then stays in its session until stopped.
 */
const HOLDER =
  'printf "%s\\n%s\\n%s\\n" "$MAESTRO_URL" "$MAESTRO_TOKEN" "$MAESTRO_SESSION_ID" > "$1.tmp" && mv "$1.tmp" "$1" && exec sleep 300';

interface Call {
  wallMs: number;
  /** User + system CPU: what a loaded machine inflates least. */
  cpuMs: number;
  peakMiB: number;
}

/** One process from spawn to exit: wall time measured here, CPU and peak RSS (KiB) from GNU time. */
function timeCall(args: string[], env: Record<string, string>): Promise<Call> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(GNU_TIME, ["-f", "C1RSS %M %U %S", process.execPath, ...args], {
      stdio: ["ignore", "ignore", "pipe"],
      env: childEnv(env),
    });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), CALL_DEADLINE_MS);
    child.once("error", reject);
    child.once("exit", (code) => {
      const wallMs = performance.now() - start;
      clearTimeout(timer);
      const usage = /C1RSS (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
      if (code !== 0 || !usage) reject(new Error(`node ${args.join(" ")} exited ${code}: ${stderr.trim()}`));
      else resolve({ wallMs, cpuMs: (Number(usage[2]) + Number(usage[3])) * 1000, peakMiB: Number(usage[1]) / 1024 });
    });
  });
}

async function timeCalls(args: string[], env: Record<string, string> = {}): Promise<Call[]> {
  for (let i = 0; i < WARM_UP; i++) await timeCall(args, env);
  const calls: Call[] = [];
  for (let i = 0; i < RUNS; i++) calls.push(await timeCall(args, env));
  return calls;
}

async function waitForFile(path: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`the holder agent did not start within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return readFileSync(path, "utf8");
}

function verdicts(name: string, calls: readonly Call[], floorWallMs: number): Verdict[] {
  const wall = calls.map((call) => call.wallMs);
  const cpu = calls.map((call) => call.cpuMs);
  const peak = calls.map((call) => call.peakMiB);
  const mib = (value: number) => `${value.toFixed(1)} MiB`;
  return [
    {
      name: `C1 ${name}: wall from process start`,
      measured:
        `p50 ${ms(percentile(wall, 50))}, p99 ${ms(percentile(wall, 99))} ` +
        `(${(percentile(wall, 50) / floorWallMs).toFixed(1)}× node -e 0), CPU p50 ${ms(percentile(cpu, 50))}, n=${calls.length}`,
      target: `p50 ≤ ${WALL_TARGET_MS} ms`,
      ok: percentile(wall, 50) <= WALL_TARGET_MS,
    },
    {
      name: `C1 ${name}: peak RSS`,
      measured: `p50 ${mib(percentile(peak, 50))}, max ${mib(Math.max(...peak))}`,
      target: `p50 ≤ ${RSS_TARGET_MIB} MiB`,
      ok: percentile(peak, 50) <= RSS_TARGET_MIB,
    },
  ];
}

export async function benchCliStart(): Promise<Verdict[]> {
  if (!existsSync(GNU_TIME)) throw new Error(`C1 needs GNU time at ${GNU_TIME} (apt-get install time)`);
  const server = await startServeProcess("c1");
  const scratch = mkdtempSync(join(tmpdir(), "maestro-bench-c1-"));
  try {
    const owner = httpClient(server.url, server.token);
    const infoFile = join(scratch, "session.txt");
    const project = await owner.project.create.mutate({ name: "CONE", rootDir: scratch, key: "CONE" });
    await owner.agent.add.mutate({
      name: "holder",
      adapter: "custom",
      command: ["/bin/sh", "-c", HOLDER, "holder", infoFile],
    });
    for (let i = 0; i < 20; i++) await owner.task.create.mutate({ projectId: project.id, title: `task ${i}` });
    await startAgentSession(owner, project.id, "holder", "held by the C1 agent");
    const [url, token, sessionId] = (await waitForFile(infoFile, 20_000)).split("\n");
    const session = { MAESTRO_URL: url!, MAESTRO_TOKEN: token!, MAESTRO_SESSION_ID: sessionId! };

    const floor = await timeCalls(["-e", "0"]);
    const report = await timeCalls([MAESTRO, "report", "progress", "C1: still going"], session);
    const list = await timeCalls([MAESTRO, "task", "list", "--project", "CONE"], {
      MAESTRO_URL: server.url,
      MAESTRO_TOKEN: server.token,
    });
    const floorWall = percentile(
      floor.map((call) => call.wallMs),
      50,
    );
    return [
      ...verdicts('maestro report progress "…"', report, floorWall),
      ...verdicts("maestro task list (21 tasks)", list, floorWall),
      {
        name: "C1 node -e 0 (the floor)",
        measured: `wall p50 ${ms(floorWall)}, CPU p50 ${ms(
          percentile(
            floor.map((call) => call.cpuMs),
            50,
          ),
        )}, peak RSS p50 ${percentile(
          floor.map((call) => call.peakMiB),
          50,
        ).toFixed(1)} MiB`,
        target: "information",
        ok: true,
        info: true,
      },
    ];
  } finally {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
