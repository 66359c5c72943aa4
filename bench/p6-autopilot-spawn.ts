// P6: ready task → agent process spawned, p99 ≤ 50 ms (excluding the agent's own start-up).
// Autopilot over graphs of trivial shell tasks under the real `maestro serve` (server and its
// runner process). Each graph is C chains of D tasks run with C slots, so no task ever waits for
// a slot and every wait measured is Maestro's own. A task is ready when the task before it in its
// chain turned done (its completedAt, stamped before that change even commits); it is spawned
// when the runner's spawn() returned with the process running (the session's startedAt).
//
// Scenarios: the 1,000-task graph at the product's default project limit (2 at once); one task
// at a time (the bare path); and a stress run at the global default (8 at once), reported for
// information: eight zero-length tasks at once keep two cores saturated, which is not the
// target's case. BENCH_P6_CHAINS / BENCH_P6_DEPTH run one custom scenario instead.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Session } from "@maestro/domain";
import { httpClient } from "./agent-sessions";
import { startServeProcess } from "./serve-process";
import { type Verdict, ms, percentile } from "./stats";
import { benchEnv } from "./env";
import { listAllTasks } from "./list-tasks";

interface Scenario {
  label: string;
  chains: number;
  depth: number;
  /** Passed to `autopilot start --max-concurrent`; null = the project's default limit. */
  maxConcurrent: number | null;
  info?: boolean;
}

const DEFAULT_PROJECT_LIMIT = 2;

function scenarios(): Scenario[] {
  if (benchEnv.p6.chains !== undefined || benchEnv.p6.depth !== undefined) {
    const chains = benchEnv.p6.chains ?? DEFAULT_PROJECT_LIMIT;
    return [
      {
        label: "custom",
        chains,
        depth: benchEnv.p6.depth ?? Math.ceil(1000 / chains),
        maxConcurrent: chains,
      },
    ];
  }
  return [
    { label: "default limit, 2 at once", chains: DEFAULT_PROJECT_LIMIT, depth: 500, maxConcurrent: null },
    { label: "one at a time", chains: 1, depth: 300, maxConcurrent: 1 },
    { label: "stress, 8 at once", chains: 8, depth: 50, maxConcurrent: 8, info: true },
  ];
}

async function runScenario(scenario: Scenario): Promise<Verdict> {
  const { chains, depth } = scenario;
  // Enough global slots for every chain at once.
  const serve = await startServeProcess("p6", { MAESTRO_MAX_CONCURRENT: String(Math.max(8, chains)) });
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-bench-p6-project-"));
  try {
    const client = httpClient(serve.url, serve.token);
    const project = await client.project.create.mutate({ name: "P6", rootDir, key: "PSIX" });
    const previousOf = new Map<string, string>();
    const lastOfChain: string[] = [];
    for (let chain = 0; chain < chains; chain++) {
      let previous: string | null = null;
      for (let step = 0; step < depth; step++) {
        const task: { id: string } = await client.task.create.mutate({
          projectId: project.id,
          title: `chain ${chain} step ${step}`,
          command: "true",
          dependsOn: previous ? [previous] : [],
        });
        if (previous) previousOf.set(task.id, previous);
        previous = task.id;
      }
      lastOfChain.push(previous!);
    }
    const total = chains * depth;
    const started = Date.now();
    await client.autopilot.start.mutate({
      projectId: project.id,
      ...(scenario.maxConcurrent ? { maxConcurrent: scenario.maxConcurrent } : {}),
    });
    const deadline = started + 10 * 60_000;
    // Done when every chain's last task is: a few small reads, so watching does not slow the
    // server it measures (listing a thousand tasks five times a second would).
    for (;;) {
      const last = await Promise.all(lastOfChain.map((id) => client.task.byId.query({ id })));
      if (last.every((task) => task.status === "done")) break;
      if (Date.now() > deadline) {
        throw new Error(
          `not done after 10 minutes: ${last
            .filter((task) => task.status !== "done")
            .map((task) => task.key)
            .join(", ")}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const elapsedS = (Date.now() - started) / 1000;
    const tasks = new Map((await listAllTasks(client, project.id)).map((task) => [task.id, task]));
    // session.list answers pages of at most 500: follow them to the end.
    const byTask = new Map<string, Session>();
    let cursor: string | null = null;
    do {
      const page: { items: Session[]; nextCursor: string | null } = await client.session.list.query({
        projectId: project.id,
        limit: 500,
        cursor,
      });
      for (const session of page.items) if (!byTask.has(session.taskIds[0]!)) byTask.set(session.taskIds[0]!, session);
      cursor = page.nextCursor;
    } while (cursor);
    const latencies: number[] = [];
    for (const [taskId, previousId] of previousOf) {
      const session = byTask.get(taskId);
      const readyAt = tasks.get(previousId)?.completedAt;
      if (!session?.startedAt || !readyAt) continue;
      latencies.push(Date.parse(session.startedAt) - Date.parse(readyAt));
    }
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    return {
      name: `P6 ready → spawned, ${scenario.label} (${total} tasks, ${latencies.length} samples, ${elapsedS.toFixed(1)} s)`,
      measured: `p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(Math.max(...latencies))}`,
      target: "p99 ≤ 50 ms",
      ok: latencies.length === total - chains && p99 <= 50,
      ...(scenario.info ? { info: true } : {}),
    };
  } finally {
    await serve.stop();
    rmSync(rootDir, { recursive: true, force: true });
  }
}

export async function benchAutopilotSpawn(): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  for (const scenario of scenarios()) verdicts.push(await runScenario(scenario));
  return verdicts;
}
