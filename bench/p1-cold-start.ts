// P1: cold start to listening ≤ 500 ms with 100k tasks in the database.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { allocateTaskNumber, insertProject, insertTask, openDatabase } from "@maestro/db";
import { DEFAULT_PROJECT_SETTINGS } from "@maestro/domain";
import { type Verdict, ms, percentile } from "./stats";

function seed(home: string, projects: number, tasksPerProject: number): void {
  const database = openDatabase({ path: join(home, "maestro.db") });
  for (let p = 0; p < projects; p++) {
    database.transaction((tx) => {
      const key = `P${p}`;
      const project = insertProject(tx, {
        key,
        name: key,
        rootDir: `/tmp/${key}`,
        description: "",
        settings: DEFAULT_PROJECT_SETTINGS,
      });
      for (let t = 0; t < tasksPerProject; t++) {
        const number = allocateTaskNumber(tx, project.id);
        insertTask(tx, {
          projectId: project.id,
          projectKey: key,
          number,
          parentId: null,
          title: `task ${t}`,
          description: "",
          acceptanceCriteria: [],
          status: "todo",
          priority: "medium",
          agent: null,
          command: null,
          touches: [],
          specId: null,
          requirementIds: [],
          maxAttempts: null,
          timeoutSec: null,
          rank: number,
          startedAt: null,
          completedAt: null,
        });
      }
    });
  }
  database.close();
}

async function coldStart(home: string): Promise<number> {
  // The same entry as `npm start`: the bundled CLI when it is fresh (run `pnpm build` first).
  const main = fileURLToPath(new URL("../packages/cli/bin/maestro.js", import.meta.url));
  const start = performance.now();
  const child = spawn(process.execPath, [main, "serve", "--port", "4795", "--home", home], { stdio: "ignore" });
  try {
    for (;;) {
      try {
        if ((await fetch("http://127.0.0.1:4795/healthz")).ok) return performance.now() - start;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

export async function benchColdStart(): Promise<Verdict[]> {
  const home = mkdtempSync(join(tmpdir(), "maestro-bench-cold-"));
  try {
    seed(home, 100, 1_000);
    const samples: number[] = [];
    for (let run = 0; run < 5; run++) samples.push(await coldStart(home));
    return [
      {
        name: "P1 cold start to /healthz, 100k tasks (p50/max of 5)",
        measured: `${ms(percentile(samples, 50))} / ${ms(Math.max(...samples))}`,
        target: "≤ 500 ms",
        ok: percentile(samples, 50) <= 500,
      },
    ];
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
