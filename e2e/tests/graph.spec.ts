import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { api, uniqueKey } from "./support";

/**
 * A diamond of shell tasks on a real directory: A → (B, C) → D. B and C run until the test
 * opens their gate (a file), so what is shown while they run is checked without racing them.
 */
async function seedDiamond() {
  const key = uniqueKey("GR");
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-e2e-graph-"));
  const project = await api.project.create.mutate({ name: `Graph ${key}`, rootDir, key });
  const create = (title: string, dependsOn: string[], command: string) =>
    api.task.create.mutate({ projectId: project.id, title, dependsOn, command });
  const gate = join(rootDir, "gate");
  const waitForGate = `for i in $(seq 600); do [ -f ${gate} ] && exit 0; sleep 0.1; done; exit 1`;
  const a = await create("Lay the foundation", [], "sleep 1");
  const b = await create("Build the walls", [a.id], waitForGate);
  const c = await create("Run the pipes", [a.id], waitForGate);
  const d = await create("Put on the roof", [b.id, c.id], "sleep 1");
  return { key, project, tasks: { a, b, c, d }, openGate: () => writeFileSync(gate, "go") };
}

test("graph view: autopilot runs a diamond live, D last, and every node says why it waits", async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  const { key, tasks, openGate } = await seedDiamond();
  const [A, B, C, D] = [`${key}-1`, `${key}-2`, `${key}-3`, `${key}-4`];

  // The watcher: the graph in its own browser context; the actor starts autopilot elsewhere.
  const watcherContext = await browser.newContext();
  const watcher = await watcherContext.newPage();
  await watcher.goto(`/projects/${key}/graph`);
  await expect(watcher.getByRole("status", { name: "Connection: Live" })).toBeVisible();
  await expect(watcher.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Graph" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  const graph = watcher.getByRole("region", { name: "Task graph" });
  const node = (taskKey: string) => graph.locator(`[data-task-key="${taskKey}"]`);
  for (const [taskKey, title] of [
    [A, "Lay the foundation"],
    [B, "Build the walls"],
    [C, "Run the pipes"],
    [D, "Put on the roof"],
  ]) {
    await expect(graph.getByRole("link", { name: `${taskKey} ${title}` })).toBeVisible();
  }
  await expect(watcher.getByRole("region", { name: "Critical path" })).toContainText(`${A} → ${B} → ${D}`);
  await expect(node(A)).toHaveAttribute("data-critical", "true");
  await expect(node(C)).toHaveAttribute("data-critical", "false");
  await expect(node(A)).toContainText("autopilot is off");
  await expect(node(D)).toContainText(`waiting for ${B} and ${C}`);

  // Focus (or hover) shows the explanation in full; selecting opens the task panel with it.
  await graph.getByRole("link", { name: `${D} Put on the roof` }).focus();
  await expect(watcher.getByRole("status", { name: "Explanation" })).toContainText(`${D} waiting for ${B} and ${C}`);
  await watcher.keyboard.press("Enter");
  const panel = watcher.getByRole("dialog", { name: `Task ${D}` });
  await expect(panel.getByRole("region", { name: "Why not running" })).toContainText(`waiting for ${B} and ${C}`);
  await expect(watcher.getByRole("status", { name: "Autopilot: Off" })).toBeVisible();

  await page.goto(`/projects/${key}`);
  await expect(page.getByRole("status", { name: "Connection: Live" })).toBeVisible();
  const autopilot = page.getByRole("region", { name: "Autopilot" });
  await autopilot.getByLabel("Max concurrent").fill("2");
  await autopilot.getByRole("button", { name: "Start autopilot" }).click();
  await expect(autopilot.getByRole("status", { name: "Autopilot: On" })).toBeVisible();
  await expect(autopilot.getByRole("button", { name: "Pause autopilot" })).toBeEnabled();

  // The watcher follows live: the state, A done, then B and C running, with D still waiting.
  await expect(watcher.getByRole("status", { name: "Autopilot: On" })).toBeVisible();
  await expect(node(B)).toContainText("Running", { timeout: 15_000 });
  await expect(node(B)).toHaveAttribute("data-status", "in_progress");
  await expect(node(A)).toHaveAttribute("data-status", "done");
  await expect(node(D)).toHaveAttribute("data-status", "todo");
  await expect(node(C)).toContainText("Running");
  await expect(node(D)).toContainText(`waiting for ${B} and ${C}`);
  await expect(panel.getByRole("region", { name: "Why not running" })).toContainText(`waiting for ${B} and ${C}`);
  await expect(watcher.getByRole("region", { name: "Critical path" })).toContainText(`${B} → ${D}`);
  openGate();

  for (const taskKey of [A, B, C, D]) {
    await expect(node(taskKey)).toHaveAttribute("data-status", "done", { timeout: 20_000 });
  }
  await expect(watcher.getByRole("region", { name: "Critical path" })).toContainText("nothing left to do");
  await expect(node(D)).not.toContainText("Running");

  // D ran last: it started only after both B and C had finished.
  const [b, c, d] = await Promise.all([tasks.b, tasks.c, tasks.d].map((task) => api.task.byId.query({ id: task.id })));
  expect(Date.parse(d!.startedAt!)).toBeGreaterThanOrEqual(
    Math.max(Date.parse(b!.completedAt!), Date.parse(c!.completedAt!)),
  );
  await watcherContext.close();
});

test("graph view of a project without tasks shows how to add one", async ({ page }) => {
  const key = uniqueKey("GE");
  await api.project.create.mutate({
    name: `Empty ${key}`,
    rootDir: mkdtempSync(join(tmpdir(), "maestro-e2e-graph-")),
    key,
  });
  await page.goto(`/projects/${key}/graph`);
  await expect(page.getByText("No tasks yet")).toBeVisible();
  await expect(page.getByRole("region", { name: "Autopilot" }).getByRole("region", { name: "Queue" })).toContainText(
    "No ready task",
  );
});

test("a failed task says so in its panel, and Retry runs it again", async ({ page }) => {
  const key = uniqueKey("GF");
  const project = await api.project.create.mutate({
    name: `Fail ${key}`,
    rootDir: mkdtempSync(join(tmpdir(), "maestro-e2e-graph-")),
    key,
  });
  const task = await api.task.create.mutate({ projectId: project.id, title: "Always fails", command: "exit 3" });
  await api.session.start.mutate({ taskIds: [task.id] });

  await page.goto(`/projects/${key}?view=graph&task=${key}-1`);
  await expect(page).toHaveURL(new RegExp(`/projects/${key}/graph\\?task=${key}-1$`));
  const panel = page.getByRole("dialog", { name: `Task ${key}-1` });
  const why = panel.getByRole("region", { name: "Why not running" });
  await expect(why).toContainText("failed", { timeout: 15_000 });
  await expect(page.getByRole("region", { name: "Task graph" }).locator(`[data-task-key="${key}-1"]`)).toHaveAttribute(
    "data-status",
    "failed",
  );

  await why.getByRole("button", { name: "Retry" }).click();
  const sessions = panel.getByRole("region", { name: "Sessions" });
  await expect(sessions.getByRole("link", { name: /^Attempt \d+ · shell$/ })).toHaveCount(2, { timeout: 15_000 });
  await expect(why).toContainText("failed", { timeout: 15_000 });
});
