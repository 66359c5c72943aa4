import { execSync } from "node:child_process";
import { type Page, expect, test } from "@playwright/test";
import { api, uniqueKey } from "../tests/support";

// Issue 15, target 2: opening the board of a 10,000-task project (render time, bytes) and the
// graph of a 2,000-task project. Prints numbers with the machine's load; asserts nothing on time.

type Status = "todo" | "in_progress" | "in_review" | "done" | "blocked" | "failed";
const MIX: Array<[Status, number]> = [
  ["done", 0.6],
  ["todo", 0.2],
  ["in_progress", 0.1],
  ["in_review", 0.05],
  ["blocked", 0.03],
  ["failed", 0.02],
];

async function seed(count: number, withDependencies: boolean): Promise<string> {
  const key = uniqueKey("M");
  const project = await api.project.create.mutate({
    name: `Measure ${key}`,
    rootDir: `/tmp/${key.toLowerCase()}`,
    key,
  });
  const ids: string[] = [];
  const BATCH = 50;
  for (let start = 0; start < count; start += BATCH) {
    const made = await Promise.all(
      Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => {
        const n = start + i;
        let at = (n % 100) / 100;
        const status = MIX.find(([, share]) => (at -= share) < 0)?.[0] ?? "todo";
        // Each task waits for up to two earlier ones: a graph with real edges.
        const dependsOn =
          withDependencies && ids.length > 0 ? [ids[(n * 7) % ids.length]!, ids[(n * 13) % ids.length]!] : [];
        return api.task.create.mutate({
          projectId: project.id,
          title: `Task ${n + 1}: a title of a realistic length for a card`,
          description: "Some description text that a real task would carry, a sentence or two long.",
          status,
          dependsOn: [...new Set(dependsOn)],
        });
      }),
    );
    ids.push(...made.map((task) => task.id));
  }
  return key;
}

/** Bytes the page received (API answers as read, assets as sent) and the main thread's busy time. */
async function watch(page: Page, cacheDisabled: boolean) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Performance.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled });
  const isApi = new Map<string, boolean>();
  const bytes = { api: 0, assets: 0 };
  cdp.on("Network.requestWillBeSent", (event) => isApi.set(event.requestId, event.request.url.includes("/trpc")));
  // Streamed answers report their size as they are read, not when they finish.
  cdp.on("Network.dataReceived", (event) => {
    if (isApi.get(event.requestId)) bytes.api += event.dataLength;
  });
  cdp.on("Network.loadingFinished", (event) => {
    if (!isApi.get(event.requestId)) bytes.assets += event.encodedDataLength;
  });
  const busy = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    const of = (name: string) => Math.round((metrics.find((metric) => metric.name === name)?.value ?? 0) * 1000);
    return { task: of("TaskDuration"), script: of("ScriptDuration"), layout: of("LayoutDuration") };
  };
  return { bytes, busy };
}

function load(): string {
  return execSync("uptime").toString().trim();
}

test("board of a 10,000-task project", async ({ context }) => {
  const key = await seed(10_000, false);
  for (let run = 1; run <= 4; run++) {
    // The first run loads the dashboard's files too; later ones find them cached, as a person would.
    const page = await context.newPage();
    const { bytes, busy } = await watch(page, run === 1);
    const started = Date.now();
    await page.goto(`/projects/${key}`);
    const board = page.getByRole("region", { name: "Board" });
    for (const name of ["To do", "In progress", "In review", "Done", "Blocked", "Failed"]) {
      await expect(board.getByRole("region", { name }).getByRole("listitem").first()).toBeVisible({ timeout: 60_000 });
    }
    const rendered = Date.now() - started;
    const cpu = await busy();
    const cards = await board.getByRole("listitem").count();
    await page.waitForTimeout(2_000); // late answers (the autopilot status) count too
    console.log(
      `board 10k run ${run}${run === 1 ? " (cold)" : ""}: first cards of every column in ${rendered} ms wall, ` +
        `main thread busy ${cpu.task} ms (script ${cpu.script}, layout ${cpu.layout}); ${cards} cards; ` +
        `API ${(bytes.api / 1024).toFixed(0)} KiB, assets ${(bytes.assets / 1024).toFixed(0)} KiB; ${load()}`,
    );
    await page.close();
  }
});

// MEASURE_GRAPH_TASKS and MEASURE_GRAPH_EDGES=0 make a quicker run (seeding edges is slow).
const GRAPH_TASKS = Number(process.env.MEASURE_GRAPH_TASKS ?? 2_000);

test("graph of a 2,000-task project", async ({ context }) => {
  const key = await seed(GRAPH_TASKS, process.env.MEASURE_GRAPH_EDGES !== "0");
  for (let run = 1; run <= 2; run++) {
    const page = await context.newPage();
    const { busy } = await watch(page, false);
    page.on("console", (message) => console.log(`page: ${message.text()}`));
    const started = Date.now();
    await page.goto(`/projects/${key}/graph`);
    const links = page.getByRole("region", { name: "Task graph" }).getByRole("link");
    await expect(links.first()).toBeVisible({ timeout: 60_000 });
    const firstShown = Date.now() - started;
    const firstCpu = await busy();
    const nodes = await links.count();
    const widened = Date.now();
    // Widening once shows what a step costs; laying out all 2,000 linked tasks takes minutes.
    const wanted = Math.min(GRAPH_TASKS, Number(process.env.MEASURE_GRAPH_WIDEN_TO ?? nodes * 2));
    for (let shown = nodes; shown < wanted; shown = await links.count()) {
      await page.getByRole("button", { name: "Load more tasks" }).click({ timeout: 60_000 });
      await expect(links).not.toHaveCount(shown, { timeout: 120_000 });
    }
    const allCpu = await busy();
    console.log(
      `graph 2k run ${run}: ${nodes} nodes laid out and shown in ${firstShown} ms wall, main thread busy ` +
        `${firstCpu.task} ms (script ${firstCpu.script}); widened to ${await links.count()} in ${Date.now() - widened} ms more, ` +
        `busy ${allCpu.task - firstCpu.task} ms more; ${load()}`,
    );
    await page.close();
  }
});
