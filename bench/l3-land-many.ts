// L3: landing 100 independent tasks queued at once, in a row, never loses one: every task
// landed, main holds every task's head, one merge each, and the checkout is clean.
import type { Verdict } from "./stats";
import { git, startLandingWorld, waitUntil } from "./landing-world";
import { listAllTasks } from "./list-tasks";

export async function benchLandMany(tasks = 100): Promise<Verdict[]> {
  const world = await startLandingWorld("LTHREE", { landPolicy: "auto" });
  try {
    const queued: { id: string; head: string }[] = [];
    for (let i = 0; i < tasks; i++) {
      const task = await world.client.task.create.mutate({ projectId: world.projectId, title: `task ${i}` });
      queued.push({ id: task.id, head: world.work(`LTHREE-${i}`, { [`src/many-${i}.txt`]: `${i}\n` }).head });
    }
    const ids = new Map(queued.map((task) => [task.id, task]));
    const start = performance.now();
    for (const task of queued) {
      await world.finish(task.id, { branch: `maestro/LTHREE-${queued.indexOf(task)}`, head: task.head });
    }
    await waitUntil(
      async () => {
        const listed = await listAllTasks(world.client, world.projectId);
        return listed.filter((task) => ids.has(task.id)).every((task) => task.landing.landState === "landed");
      },
      120_000,
      `${tasks} tasks landed`,
    );
    const seconds = (performance.now() - start) / 1000;
    const missing = queued.filter((task) => !isOnMain(world.repo, task.head));
    const merges = Number(git(world.repo, ["rev-list", "--count", "--merges", "--first-parent", "main"]));
    const isClean = git(world.repo, ["status", "--porcelain"]) === "";
    return [
      {
        name: `L3 ${tasks} independent tasks landed in a row (${seconds.toFixed(1)} s)`,
        measured: `${tasks - missing.length} on main, ${merges} merges, checkout ${isClean ? "clean" : "dirty"}`,
        target: `all ${tasks}, one merge each, clean`,
        ok: missing.length === 0 && merges === tasks && isClean,
      },
    ];
  } finally {
    await world.close();
  }
}

function isOnMain(repo: string, commit: string): boolean {
  try {
    git(repo, ["merge-base", "--is-ancestor", commit, "main"]);
    return true;
  } catch {
    return false;
  }
}
