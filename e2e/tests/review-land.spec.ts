import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { api, uniqueKey } from "./support";

// The acceptance 5: in Chromium, a task's diff is reviewed, a line comment reaches the
// follow-up session's prompt, and the approved work lands on the target branch, live.

const reviewedAgent = fileURLToPath(new URL("../fixtures/reviewed-agent.sh", import.meta.url));

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "core.hooksPath=/dev/null", ...args], { cwd, stdio: "pipe" })
    .toString()
    .trim();
}

/** A git repository on `main`, a project working in a worktree per task (landing by hand), an agent, a task. */
async function seed() {
  const key = uniqueKey("REV");
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-e2e-review-"));
  git(rootDir, "init", "-q", "-b", "main");
  writeFileSync(join(rootDir, "README.md"), "review me\n");
  git(rootDir, "add", "--all");
  git(rootDir, "-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "commit", "-q", "-m", "start");
  const agent = `reviewed-${key.toLowerCase()}`;
  await api.agent.add.mutate({ name: agent, adapter: "custom", command: [reviewedAgent, "{promptFile}"] });
  await api.project.create.mutate({
    name: `Review ${key}`,
    rootDir,
    key,
    settings: { worktreeMode: "per_task", targetBranch: "main", landPolicy: "manual" },
  });
  const task = await api.task.create.mutate({ projectId: key, title: "Greet the reviewer" });
  return { key, rootDir, agent, task };
}

test("a diff reviewed in the browser: a line comment reaches the follow-up's prompt, and approved work lands live", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const { key, rootDir, agent, task } = await seed();

  // The watcher: the project's Review view, as another person would have it open.
  const watcherContext = await browser.newContext();
  const watcher = await watcherContext.newPage();
  await watcher.goto(`/projects/${key}/review`);
  await expect(watcher.getByRole("status", { name: "Connection: Live" })).toBeVisible();
  await expect(watcher.getByText("Nothing to review")).toBeVisible();

  await page.goto(`/projects/${key}?task=${task.key}&tab=changes`);
  await expect(page.getByRole("status", { name: "Connection: Live" })).toBeVisible();
  const panel = page.getByRole("dialog", { name: `Task ${task.key}` });
  await api.session.start.mutate({ taskIds: [task.id], agent, worktree: true });

  // In review without a reload; the file the agent left uncommitted is in the diff.
  await expect(panel.getByRole("status", { name: "Review: Review pending" })).toBeVisible({ timeout: 30_000 });
  await expect(watcher.getByRole("link", { name: `${task.key} Greet the reviewer` })).toBeVisible();
  await expect(watcher.getByRole("link", { name: "Review, 1 waiting" })).toBeVisible();
  const diff = panel.getByRole("region", { name: "Diff" });
  const file = diff.getByRole("button", { name: "greeting.txt, added, 2 additions, 0 deletions" });
  await expect(file).toHaveAttribute("aria-expanded", "true");
  await expect(diff.getByRole("list", { name: "Changed files" })).toContainText("world");

  // A comment on line 2, sent with "Request changes".
  await diff.getByRole("button", { name: "Comment on line 2 of greeting.txt" }).click();
  await diff.getByRole("textbox", { name: "Comment on line 2 of greeting.txt" }).fill("Say goodbye here");
  await diff.getByRole("button", { name: "Add comment" }).click();
  await expect(diff.getByRole("list", { name: "Pending comments" })).toContainText("Say goodbye here");
  await panel.getByRole("button", { name: "Request changes" }).click();
  const reviews = panel.getByRole("region", { name: "Reviews" });
  await expect(reviews).toContainText("Changes requested by");
  await expect(reviews.getByRole("list", { name: "Line comments" })).toContainText("greeting.txt:2 Say goodbye here");

  // The follow-up session's prompt holds the comment with its file and line.
  await panel.getByRole("link", { name: "Open the session" }).click();
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]+$/);
  await page.getByText("Prompt", { exact: true }).click();
  const prompt = page.getByLabel("Prompt text");
  await expect(prompt).toContainText("greeting.txt, line 2");
  await expect(prompt).toContainText("Say goodbye here");
  await expect(page.getByRole("status", { name: "Session status: Succeeded" })).toBeVisible({ timeout: 30_000 });

  // Its new work, on the session page's Changes tab: approved, it lands — shown without a reload.
  await page.getByRole("tab", { name: "Changes" }).click();
  await expect(page.getByRole("status", { name: "Review: Review pending" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("list", { name: "Changed files" })).toContainText("goodbye");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status", { name: "Land state: Landed" })).toBeVisible({ timeout: 30_000 });
  await expect(watcher.getByText("Nothing to review")).toBeVisible();
  await expect(watcher.getByRole("link", { name: "Review, 0 waiting" })).toBeVisible();
  expect(git(rootDir, "show", "main:greeting.txt")).toBe("hello\ngoodbye");

  // The graph tells landed work apart.
  await watcher.getByRole("link", { name: "Graph" }).click();
  const node = watcher.locator(`[data-task-key="${task.key}"]`);
  await expect(node).toHaveAttribute("data-landing", "landed");
  await expect(node).toContainText("Landed");
  await watcherContext.close();
});
