// P1: cold start to listening ≤ 500 ms with 100k tasks in the database. Each start gets a free
// port and a deadline, so a busy port or a server that never comes up fails the bench. One start
// first, unmeasured (warm-up: the page cache holds the code and the database); `--quick`: 3 starts.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { allocateTaskNumber, insertProject, insertTask, openSqliteStore } from "@maestro/db";
import { DEFAULT_PROJECT_SETTINGS } from "@maestro/domain";
import { freePort, trackChild } from "./serve-process";
import { type BenchOptions, type Verdict, atMost, ms, percentile } from "./stats";

async function seed(home: string, projects: number, tasksPerProject: number): Promise<void> {
  const database = openSqliteStore({ path: join(home, "maestro.db") });
  for (let p = 0; p < projects; p++) {
    await database.transaction(async (tx) => {
      const key = `P${p}`;
      const project = await insertProject(tx, {
        key,
        name: key,
        rootDir: `/tmp/${key}`,
        description: "",
        settings: DEFAULT_PROJECT_SETTINGS,
      });
      for (let t = 0; t < tasksPerProject; t++) {
        const number = await allocateTaskNumber(tx, project.id);
        await insertTask(tx, {
          projectId: project.id,
          projectKey: key,
          number,
          parentId: null,
          title: `task ${t}`,
          description: "",
          status: "todo",
          rank: number,
        });
      }
    });
  }
  await database.close();
}

/** Longer than any cold start worth measuring: past it the server is declared not started. */
const START_DEADLINE_MS = 20_000;

const tail = (stderr: string) => (stderr.trim() ? `: ${stderr.trim()}` : "");

async function coldStart(home: string): Promise<number> {
  // The same entry as `npm start`: the bundled CLI when it is fresh (run `pnpm build` first).
  const main = fileURLToPath(new URL("../packages/cli/bin/maestro.js", import.meta.url));
  const port = await freePort();
  const start = performance.now();
  const child = trackChild(
    spawn(process.execPath, [main, "serve", "--port", String(port), "--home", home], {
      stdio: ["ignore", "ignore", "pipe"],
    }),
  );
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    while (performance.now() - start < START_DEADLINE_MS) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`maestro serve exited (${child.exitCode ?? child.signalCode})${tail(stderr)}`);
      }
      const isUp = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1_000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (isUp) return performance.now() - start;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`maestro serve did not answer /healthz within ${START_DEADLINE_MS / 1000} s${tail(stderr)}`);
  } finally {
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

export async function benchColdStart({ quick }: BenchOptions): Promise<Verdict[]> {
  const starts = quick ? 3 : 5;
  const home = mkdtempSync(join(tmpdir(), "maestro-bench-cold-"));
  try {
    await seed(home, 100, 1_000);
    await coldStart(home);
    const samples: number[] = [];
    for (let run = 0; run < starts; run++) samples.push(await coldStart(home));
    return [
      {
        name: `P1 cold start to /healthz, 100k tasks (p50/max of ${starts})`,
        measured: `${ms(percentile(samples, 50))} / ${ms(Math.max(...samples))}`,
        target: "≤ 500 ms",
        ok: atMost(percentile(samples, 50), 500),
      },
    ];
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
