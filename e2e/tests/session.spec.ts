import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Page, expect, test } from "@playwright/test";
import { api, uniqueKey } from "./support";

const fakeAgent = fileURLToPath(new URL("../fixtures/fake-agent.sh", import.meta.url));
// Speaks Claude Code's stream-json byte for byte (shared with the runner's tests).
const fakeClaude = fileURLToPath(new URL("../../packages/runner/test/fixtures/fake-claude.mjs", import.meta.url));

/** A project on a real directory, a custom agent running the fixture script, and one task. */
async function seed(prefix: string, mode: "done" | "ask") {
  const key = uniqueKey(prefix);
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-e2e-run-"));
  const agent = `fake-${key.toLowerCase()}`;
  // The agent waits after its first lines until the test creates this file.
  const goFile = join(rootDir, "go");
  const project = await api.project.create.mutate({ name: `Run ${key}`, rootDir, key });
  await api.agent.add.mutate({ name: agent, adapter: "custom", command: [fakeAgent, mode, "{promptFile}", goFile] });
  const task = await api.task.create.mutate({
    projectId: project.id,
    title: "Say hello",
    acceptanceCriteria: ["prints hello"],
  });
  return { key, agent, task, go: () => writeFileSync(goFile, "") };
}

async function runFromPanel(page: Page, taskKey: string, agent: string, executable = fakeAgent) {
  const panel = page.getByRole("dialog", { name: `Task ${taskKey}` });
  await panel.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Run ${taskKey}` });
  await dialog.getByLabel("Agent").selectOption(agent);
  await dialog.getByText("Prompt preview").click();
  await expect(dialog.getByRole("list", { name: "Command line" })).toContainText(executable);
  await expect(dialog.getByLabel("Prompt", { exact: true })).toContainText(`${taskKey}: Say hello`);
  await dialog.getByRole("button", { name: "Start session" }).click();
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]+$/);
}

test("Run from the task panel: the session page streams the log live and the task ends done", async ({
  page,
  browser,
}) => {
  const { key, agent, go } = await seed("RUN", "done");
  const taskKey = `${key}-1`;

  // The watcher: a board in another browser context, as another tab or person would have open.
  const watcherContext = await browser.newContext();
  const watcher = await watcherContext.newPage();
  await watcher.goto(`/projects/${key}`);
  await expect(watcher.getByRole("status", { name: "Connection: Live" })).toBeVisible();
  const card = (column: string) =>
    watcher.getByRole("region", { name: column }).getByRole("link", { name: `${taskKey} Say hello` });
  await expect(card("To do")).toBeVisible();

  await page.goto(`/projects/${key}?task=${taskKey}`);
  await expect(page.getByRole("status", { name: "Connection: Live" })).toBeVisible();
  await runFromPanel(page, taskKey, agent);

  // Lines arrive while the agent still runs (it pauses before reporting), not on a reload.
  const log = page.getByRole("region", { name: "Session log" });
  await expect(log).toContainText("fake agent starting", { timeout: 15_000 });
  await expect(page.getByRole("status", { name: "Session status: Running" })).toBeVisible({ timeout: 15_000 });
  await expect(log).not.toContainText("bye");
  await expect(log.getByText("green line", { exact: true })).toHaveCSS("color", "rgb(63, 185, 80)");
  await expect(log).toContainText("stderr: a warning on stderr");
  await expect(card("In progress")).toBeVisible();
  go();

  await expect(page.getByRole("status", { name: "Session status: Succeeded" })).toBeVisible({ timeout: 15_000 });
  await expect(log).toContainText("bye");
  await expect(page.getByRole("region", { name: "Timeline" })).toContainText("finished");
  await expect(page.getByText("Last report").locator("..")).toContainText("finished");
  await expect(page.getByRole("button", { name: "Stop session" })).toHaveCount(0);
  await expect(card("Done")).toBeVisible();

  // Search highlights matches; scrolling away from the end stops following.
  await log.getByRole("searchbox", { name: "Search log" }).fill("line");
  await expect(log.getByRole("status")).toHaveText(/^1 of \d+$/);
  await expect(log.getByRole("button", { name: "Follow log" })).toHaveAttribute("aria-pressed", "false");
  await log.getByRole("button", { name: "Follow log" }).click();
  await expect(log.getByRole("button", { name: "Follow log" })).toHaveAttribute("aria-pressed", "true");

  // The task link opens the task panel, which lists the session.
  await page.getByRole("link", { name: taskKey, exact: true }).click();
  const panel = page.getByRole("dialog", { name: `Task ${taskKey}` });
  await expect(
    panel.getByRole("region", { name: "Sessions" }).getByRole("link", { name: `Attempt 1 · ${agent}` }),
  ).toBeVisible();
  await expect(panel.getByRole("region", { name: "Sessions" })).toContainText("Succeeded");
  await watcherContext.close();
});

test("a session that needs input shows in the header badge until it is stopped", async ({ page }) => {
  const { key, agent, go } = await seed("ASK", "ask");
  const taskKey = `${key}-1`;
  await page.goto(`/projects/${key}?task=${taskKey}`);
  await expect(page.getByRole("status", { name: "Connection: Live" })).toBeVisible();
  await runFromPanel(page, taskKey, agent);
  await expect(page.getByRole("region", { name: "Session log" })).toContainText("fake agent starting", {
    timeout: 15_000,
  });
  go();
  await expect(page.getByRole("status", { name: "Session status: Needs input" })).toBeVisible({ timeout: 15_000 });

  const badge = page.getByRole("link", { name: /^\d+ need input$/ });
  await expect(badge).toBeVisible();
  await badge.click();
  await expect(page).toHaveURL(/\/sessions\?status=needs_input$/);
  await expect(page.getByLabel("Status")).toHaveValue("needs_input");
  const row = page.getByRole("row", { name: new RegExp(taskKey) });
  await expect(row).toContainText("Needs input");
  await row.getByRole("link", { name: /^Session / }).click();

  await page.getByRole("button", { name: "Stop session" }).click();
  await expect(page.getByRole("status", { name: "Session status: Cancelled" })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("button", { name: "Resume session" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Timeline" })).toContainText("Which colour should the button be?");
  await expect(page.getByRole("link", { name: /need input$/ })).toHaveCount(0);
});

test("Run shows why a session cannot start", async ({ page }) => {
  const key = uniqueKey("BAD");
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-e2e-run-"));
  await api.project.create.mutate({ name: `Bad ${key}`, rootDir, key });
  await api.agent.add.mutate({
    name: `ghost-${key.toLowerCase()}`,
    adapter: "custom",
    command: ["/no/such/agent-binary"],
  });
  await api.task.create.mutate({ projectId: key, title: "Cannot run" });
  await page.goto(`/projects/${key}?task=${key}-1`);
  await page
    .getByRole("dialog", { name: `Task ${key}-1` })
    .getByRole("button", { name: "Run", exact: true })
    .click();
  const dialog = page.getByRole("dialog", { name: `Run ${key}-1` });
  await dialog.getByLabel("Agent").selectOption(`ghost-${key.toLowerCase()}`);
  await expect(dialog.getByRole("alert")).toContainText("not an executable");
  await dialog.getByRole("button", { name: "Start session" }).click();
  await expect(dialog.getByRole("alert")).toContainText(`runs "/no/such/agent-binary", which is not an executable`);
  await expect(page).toHaveURL(new RegExp(`/projects/${key}\\?task=`));
});

test("a Claude Code session shows what the agent did and what it cost", async ({ page }) => {
  const key = uniqueKey("CC");
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-e2e-run-"));
  const agent = `claude-${key.toLowerCase()}`;
  await api.project.create.mutate({ name: `Claude ${key}`, rootDir, key });
  // The claude-code adapter's own argv (print mode, stream-json), with a fake in place of `claude`.
  await api.agent.add.mutate({ name: agent, adapter: "claude-code", command: [fakeClaude] });
  await api.task.create.mutate({ projectId: key, title: "Say hello" });
  await page.goto(`/projects/${key}?task=${key}-1`);
  await runFromPanel(page, `${key}-1`, agent, fakeClaude);

  await expect(page.getByRole("status", { name: "Session status: Succeeded" })).toBeVisible({ timeout: 15_000 });
  const timeline = page.getByRole("region", { name: "Timeline" });
  await expect(timeline).toContainText(`Edited${join(rootDir, "notes.md")}`);
  await expect(timeline).toContainText("Bash: maestro report done");
  await expect(page.getByText("Cost", { exact: true }).locator("..")).toContainText("$0.04");
  await expect(page.getByText("Tokens", { exact: true }).locator("..")).toContainText("450");
});
