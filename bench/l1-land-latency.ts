// L1: agent exit → landed on the target branch (no checks), p95 ≤ 500 ms over 100 tasks on a
// small repository. Each task's finish is written as a successful session's finish leaves it
// (in review, queued to land); landed = the lander's landedAt. One task at a time, so every
// sample is the lander's own path (merge-tree, commit-tree, the ref's swap, the checkout).
import { type Verdict, ms, percentile } from "./stats";
import { startLandingWorld, waitUntil } from "./landing-world";

export async function benchLandLatency(tasks = 100): Promise<Verdict[]> {
  const world = await startLandingWorld("LONE", { landPolicy: "auto" });
  try {
    const latencies: number[] = [];
    for (let i = 0; i < tasks; i++) {
      const task = await world.client.task.create.mutate({ projectId: world.projectId, title: `task ${i}` });
      const work = world.work(`LONE-${i}`, { [`src/new-${i}.txt`]: `${i}\n` });
      const exitAt = world.finish(task.id, work);
      let landedAt = "";
      await waitUntil(
        async () => {
          landedAt = (await world.client.task.byId.query({ id: task.id })).landing.landedAt ?? "";
          return landedAt !== "";
        },
        10_000,
        `task ${i} landed`,
      );
      latencies.push(Date.parse(landedAt) - exitAt);
    }
    const p95 = percentile(latencies, 95);
    return [
      {
        name: `L1 agent exit → landed, ${tasks} tasks (p50/p95/max)`,
        measured: `${ms(percentile(latencies, 50))} / ${ms(p95)} / ${ms(Math.max(...latencies))}`,
        target: "p95 ≤ 500 ms",
        ok: latencies.length === tasks && p95 <= 500,
      },
    ];
  } finally {
    await world.close();
  }
}
