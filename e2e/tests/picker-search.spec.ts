import { expect, test } from "@playwright/test";
import { api, uniqueKey } from "./support";

// Issue 15 (big projects): past 1,000 tasks the dashboard knows only the pages it loaded, so the
// task pickers ask the server (task.list with q) for any task of the project.

const SIZE = 1_010;

test("a dependency picker finds a task of a big project that no loaded page holds", async ({ page }) => {
  test.setTimeout(240_000);
  const key = uniqueKey("FIND");
  const project = await api.project.create.mutate({ name: `Find ${key}`, rootDir: `/tmp/${key.toLowerCase()}`, key });
  const BATCH = 50;
  for (let start = 1; start <= SIZE; start += BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(BATCH, SIZE - start + 1) }, (_, i) => {
        const n = start + i;
        return api.task.create.mutate({
          projectId: project.id,
          title: n === SIZE ? "Needle in the haystack" : `Hay ${n}`,
        });
      }),
    );
  }
  const needle = `${key}-${SIZE}`;

  await page.goto(`/projects/${key}?task=${key}-1`);
  const panel = page.getByRole("dialog", { name: `Task ${key}-1` });
  const picker = panel.getByLabel("Add dependency");
  await expect(picker.locator("option", { hasText: `${key}-2 ·` })).toHaveCount(1);
  // The needle sorts after every page the board loaded: the select cannot offer it yet.
  await expect(picker.locator("option", { hasText: needle })).toHaveCount(0);

  await panel.getByLabel("Find a task to wait for").fill("needle");
  await expect(picker.locator("option", { hasText: `${needle} · Needle in the haystack` })).toHaveCount(1);
  await expect(picker.locator("option", { hasText: /· Hay \d/ })).toHaveCount(0);
  await picker.selectOption(needle);
  await expect(panel.getByRole("button", { name: `Remove dependency ${needle}` })).toBeVisible();
  await panel.getByRole("button", { name: "Save task" }).click();

  await expect
    .poll(async () => (await api.task.byId.query({ id: `${key}-1` })).dependsOn, { timeout: 10_000 })
    .toEqual([(await api.task.byId.query({ id: needle })).id]);
  // By number too: "1000" finds KEY-1000 (and titles holding it).
  await panel.getByLabel("Find a task to wait for").fill("1000");
  await expect(picker.locator("option", { hasText: `${key}-1000 · Hay 1000` })).toHaveCount(1);
});
