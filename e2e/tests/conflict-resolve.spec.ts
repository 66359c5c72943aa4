import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Page, expect, test } from "@playwright/test";
import { api, uniqueKey } from "./support";

// A conflict seen and settled in the browser: the second of two siblings editing the same line
// shows the conflict (panel and graph); "Resolve with agent" merges, and approved, it lands.

const resolvingAgent = fileURLToPath(new URL("../fixtures/resolving-agent.sh", import.meta.url));

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "core.hooksPath=/dev/null", ...args], { cwd, stdio: "pipe" })
    .toString()
    .trim();
}

async function seed() {
  const key = uniqueKey("CON");
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-e2e-conflict-"));
  git(rootDir, "init", "-q", "-b", "main");
  writeFileSync(join(rootDir, "shared.txt"), "top\nbottom\n");
  git(rootDir, "add", "--all");
  git(rootDir, "-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "commit", "-q", "-m", "start");
  const agent = `resolver-${key.toLowerCase()}`;
  await api.agent.add.mutate({ name: agent, adapter: "custom", command: [resolvingAgent, "{promptFile}"] });
  await api.project.create.mutate({
    name: `Conflict ${key}`,
    rootDir,
    key,
    settings: { worktreeMode: "per_task", targetBranch: "main", landPolicy: "manual" },
  });
  const first = await api.task.create.mutate({ projectId: key, title: "first line" });
  const second = await api.task.create.mutate({ projectId: key, title: "second line" });
  return { key, rootDir, agent, first, second };
}

/** Runs the task's agent and waits until its work is in review. */
async function runToReview(taskId: string, agent: string) {
  await api.session.start.mutate({ taskIds: [taskId], agent, worktree: true });
  await expect
    .poll(async () => (await api.task.byId.query({ id: taskId })).landing.reviewState, { timeout: 30_000 })
    .toBe("pending");
}

async function approve(page: Page) {
  await page.getByRole("button", { name: "Approve" }).click();
}

test("a conflict shows in the panel and the graph, an agent resolves it, and it lands", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const { key, rootDir, agent, first, second } = await seed();
  await runToReview(first.id, agent);
  await runToReview(second.id, agent);

  const watcherContext = await browser.newContext();
  const watcher = await watcherContext.newPage();
  await watcher.goto(`/projects/${key}/graph`);
  await expect(watcher.getByRole("status", { name: "Connection: Live" })).toBeVisible();
  await expect(watcher.locator(`[data-task-key="${second.key}"]`)).toContainText("Overlaps");

  // The first lands; the second, approved after it, conflicts on shared.txt.
  await page.goto(`/projects/${key}?task=${first.key}&tab=changes`);
  await approve(page);
  await expect(page.getByRole("status", { name: "Land state: Landed" })).toBeVisible({ timeout: 30_000 });
  await page.goto(`/projects/${key}?task=${second.key}&tab=changes`);
  const panel = page.getByRole("dialog", { name: `Task ${second.key}` });
  await approve(page);
  await expect(panel.getByRole("status", { name: "Land state: Conflict" })).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByRole("list", { name: "Files in conflict" })).toHaveText("shared.txt");
  await expect(watcher.locator(`[data-task-key="${second.key}"]`)).toHaveAttribute("data-landing", "conflict");
  await expect(watcher.locator(`[data-task-key="${first.key}"]`)).toHaveAttribute("data-landing", "landed");

  // Resolved by the agent, reviewed again, approved: it lands with both lines.
  await panel.getByRole("button", { name: "Resolve with agent" }).click();
  await expect(panel.getByRole("link", { name: "Open the session" })).toBeVisible();
  await expect(panel.getByRole("status", { name: "Review: Review pending" })).toBeVisible({ timeout: 30_000 });
  await approve(page);
  await expect(panel.getByRole("status", { name: "Land state: Landed" })).toBeVisible({ timeout: 30_000 });
  await expect(watcher.locator(`[data-task-key="${second.key}"]`)).toHaveAttribute("data-landing", "landed");
  expect(git(rootDir, "show", "main:shared.txt")).toBe("top\nfirst line\nsecond line");
  await watcherContext.close();
});
