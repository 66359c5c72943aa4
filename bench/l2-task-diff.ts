// L2: `task diff` of a 1,000-file change ≤ 1 s (files with counts and the unified diff, through
// the API), worst of 5 runs after one unmeasured (warm-up).
import { type Verdict, ms, percentile } from "./stats";
import { startLandingWorld } from "./landing-world";

export async function benchTaskDiff(files = 1_000, runs = 5): Promise<Verdict[]> {
  const world = await startLandingWorld("LTWO", { landPolicy: "manual" }, 500);
  try {
    const change: Record<string, string> = {};
    for (let i = 0; i < files; i++) {
      // Half edits of existing files, half new files, each a few lines.
      const path = i < 500 ? `src/file-${i}.txt` : `src/added/new-${i}.txt`;
      change[path] = `line ${i}\nchanged by the agent\n${"more text ".repeat(8)}\n`;
    }
    const task = await world.client.task.create.mutate({ projectId: world.projectId, title: "big change" });
    await world.finish(task.id, world.work("LTWO-1", change), { reviewState: "pending" });
    await world.client.task.diff.query({ id: task.id });
    const samples: number[] = [];
    let fileCount = 0;
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      const diff = await world.client.task.diff.query({ id: task.id });
      samples.push(performance.now() - start);
      fileCount = diff.files.length;
    }
    const worst = Math.max(...samples);
    return [
      {
        name: `L2 task diff, ${fileCount} files (p50/worst of ${runs})`,
        measured: `${ms(percentile(samples, 50))} / ${ms(worst)}`,
        target: "≤ 1 s",
        ok: fileCount === files && worst <= 1_000,
      },
    ];
  } finally {
    await world.close();
  }
}
