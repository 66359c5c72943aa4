// P6: ready task → agent process spawned, p99 ≤ 50 ms (excluding the agent's own start-up).
// Autopilot over a 1,000-task graph of trivial shell tasks under the real `maestro serve`:
// BENCH_P6_CHAINS (10) chains of BENCH_P6_DEPTH (100) tasks, with a limit of one slot per chain
// so no task ever waits for a slot. A task is ready when the task before it in its chain turned
// done (its completedAt); it is spawned when the runner reported its process started (the
// session's startedAt, after spawn() and one HTTP call, so the number is an upper bound).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { httpClient } from "./agent-sessions";
import { startServeProcess } from "./serve-process";
import { type Verdict, ms, percentile } from "./stats";

const CHAINS = Number(process.env.BENCH_P6_CHAINS ?? 10);
const DEPTH = Number(process.env.BENCH_P6_DEPTH ?? 100);

export async function benchAutopilotSpawn(): Promise<Verdict[]> {
  // Enough global slots for every chain at once.
  process.env.MAESTRO_MAX_CONCURRENT = String(Math.max(8, CHAINS));
  const serve = await startServeProcess("p6");
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-bench-p6-project-"));
  try {
    const client = httpClient(serve.url);
    const project = await client.project.create.mutate({ name: "P6", rootDir, key: "PSIX" });
    const previousOf = new Map<string, string>();
    for (let chain = 0; chain < CHAINS; chain++) {
      let previous: string | null = null;
      for (let step = 0; step < DEPTH; step++) {
        const task: { id: string } = await client.task.create.mutate({
          projectId: project.id,
          title: `chain ${chain} step ${step}`,
          command: "true",
          dependsOn: previous ? [previous] : [],
        });
        if (previous) previousOf.set(task.id, previous);
        previous = task.id;
      }
    }
    const total = CHAINS * DEPTH;
    const started = Date.now();
    await client.autopilot.start.mutate({ projectId: project.id, maxConcurrent: CHAINS });
    const deadline = started + 10 * 60_000;
    for (;;) {
      const done = (await client.task.list.query({ projectId: project.id, status: "done" })).length;
      if (done === total) break;
      if (Date.now() > deadline) throw new Error(`only ${done}/${total} tasks done after 10 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const elapsedS = (Date.now() - started) / 1000;
    const tasks = new Map((await client.task.list.query({ projectId: project.id })).map((task) => [task.id, task]));
    // session.list returns at most 500: the newest ones, then each remaining task's own session.
    const sessions = await client.session.list.query({ projectId: project.id, limit: 500 });
    const byTask = new Map(sessions.map((session) => [session.taskIds[0]!, session]));
    for (const id of tasks.keys()) {
      if (!byTask.has(id)) {
        const [session] = await client.session.list.query({ taskId: id, limit: 1 });
        if (session) byTask.set(id, session);
      }
    }
    const latencies: number[] = [];
    for (const [taskId, previousId] of previousOf) {
      const session = byTask.get(taskId);
      const readyAt = tasks.get(previousId)?.completedAt;
      if (!session?.startedAt || !readyAt) continue;
      latencies.push(Date.parse(session.startedAt) - Date.parse(readyAt));
    }
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    return [
      {
        name: `P6 ready → spawned (${total} tasks, ${CHAINS} chains, ${latencies.length} samples, ${elapsedS.toFixed(1)} s)`,
        measured: `p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(Math.max(...latencies))}`,
        target: "p99 ≤ 50 ms",
        ok: latencies.length === total - CHAINS && p99 <= 50,
      },
    ];
  } finally {
    await serve.stop();
    rmSync(rootDir, { recursive: true, force: true });
  }
}
