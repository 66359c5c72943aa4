// L1: agent exit → landed on the target branch (no checks), p95 ≤ 500 ms over 100 tasks on a
// small repository, under the real `maestro serve` (server, runner, lander). A chain of 100
// tasks under autopilot, one at a time, each agent writing one file and exiting; a sample is
// the agent's own exit time to its task's landedAt: the runner committing what it left, the
// finish, and the landing (merge-tree, commit-tree, the ref's swap, the checkout following).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchClient, httpClient } from "./agent-sessions";
import { makeSmallRepo } from "./landing-world";
import { startServeProcess } from "./serve-process";
import { type Verdict, ms, percentile } from "./stats";
import { listAllTasks } from "./list-tasks";

export async function benchLandLatency(tasks = 100): Promise<Verdict[]> {
  const serve = await startServeProcess("l1");
  const exits = mkdtempSync(join(tmpdir(), "maestro-bench-l1-exits-"));
  const repo = makeSmallRepo("l1");
  try {
    const client = httpClient(serve.url, serve.token);
    const script = fileURLToPath(new URL("./agents/landing-agent.mjs", import.meta.url));
    await client.agent.add.mutate({
      name: "lander-bench",
      adapter: "custom",
      command: [process.execPath, script, exits],
    });
    const project = await client.project.create.mutate({
      name: "L1",
      key: "LONE",
      rootDir: repo.dir,
      settings: { worktreeMode: "per_task", landPolicy: "auto" },
    });
    const ids: string[] = [];
    for (let i = 0; i < tasks; i++) {
      const dependsOn = ids.length ? [ids.at(-1)!] : [];
      ids.push(
        (
          await client.task.create.mutate({
            projectId: project.id,
            title: `task ${i}`,
            agent: "lander-bench",
            dependsOn,
          })
        ).id,
      );
    }
    await client.autopilot.start.mutate({ projectId: project.id, maxConcurrent: 1 });
    const deadline = Date.now() + 10 * 60_000;
    for (;;) {
      const chain = await listAllTasks(client, project.id);
      if (chain.every((task) => task.status === "done")) break;
      if (chain.some((task) => task.status === "failed")) {
        throw new Error(`the chain failed: ${await whyStuck(client, project.id)}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`the chain did not land within 10 minutes: ${await whyStuck(client, project.id)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const latencies: number[] = [];
    const toFinish: number[] = [];
    for (const task of await listAllTasks(client, project.id)) {
      const [session] = (await client.session.list.query({ taskId: task.id, limit: 1 })).items;
      if (!task.landing.landedAt || !session?.worktreePath || !session.endedAt) continue;
      // The agent named its exit after its worktree's folder.
      const exitAt = Number(readFileSync(join(exits, basename(session.worktreePath)), "utf8"));
      latencies.push(Date.parse(task.landing.landedAt) - exitAt);
      toFinish.push(Date.parse(session.endedAt) - exitAt);
    }
    const p95 = percentile(latencies, 95);
    return [
      {
        name: `L1 agent exit → landed, ${latencies.length} of ${tasks} tasks (p50/p95/max)`,
        measured: `${ms(percentile(latencies, 50))} / ${ms(p95)} / ${ms(Math.max(...latencies))}`,
        target: "p95 ≤ 500 ms",
        ok: latencies.length === tasks && p95 <= 500,
      },
      {
        name: "L1 of which agent exit → session finished (runner's commit and finish; p50/p95)",
        measured: `${ms(percentile(toFinish, 50))} / ${ms(percentile(toFinish, 95))}`,
        target: "information",
        ok: true,
        info: true,
      },
    ];
  } finally {
    await serve.stop();
    rmSync(exits, { recursive: true, force: true });
    repo.remove();
  }
}

/** The first task of the chain that did not land, with its landing and its last session. */
async function whyStuck(client: BenchClient, projectId: string): Promise<string> {
  const tasks = await listAllTasks(client, projectId);
  const stuck = tasks.find((task) => task.landing.landState !== "landed");
  if (!stuck) return "every task landed";
  const [session] = (await client.session.list.query({ taskId: stuck.id, limit: 1 })).items;
  return JSON.stringify({
    task: stuck.key,
    status: stuck.status,
    landing: stuck.landing,
    session: session && { status: session.status, error: session.error },
  });
}
