import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { api, uniqueKey } from "./support";

const fakeAgent = fileURLToPath(new URL("../fixtures/fake-agent.sh", import.meta.url));

test("an agent that hits a usage limit waits, is flagged in the header, and its agent shows as paused", async ({
  page,
}) => {
  const key = uniqueKey("LIM");
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-e2e-limit-"));
  const agent = `limited-${key.toLowerCase()}`;
  await api.project.create.mutate({ name: `Limit ${key}`, rootDir, key });
  await api.agent.add.mutate({ name: agent, adapter: "custom", command: [fakeAgent, "limit"] });
  await api.task.create.mutate({ projectId: key, title: "Hit the limit" });
  await page.goto(`/projects/${key}`);
  await expect(page.getByRole("status", { name: "Connection: Live" })).toBeVisible();
  const session = await api.session.start.mutate({ taskIds: [`${key}-1`], agent });

  const badge = page.getByRole("link", { name: /^\d+ waiting on a usage limit$/ });
  await expect(badge).toBeVisible({ timeout: 15_000 });
  await badge.click();
  await expect(page).toHaveURL(/\/sessions\?status=waiting$/);
  await page
    .getByRole("row", { name: new RegExp(`${key}-1`) })
    .getByRole("link", { name: /^Session / })
    .click();
  await expect(page.getByRole("status", { name: "Session status: Waiting" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Timeline" })).toContainText("Hit a usage limit");
  // The project's autopilot bar shows the agent paused until the reset time.
  await page.goto(`/projects/${key}`);
  await expect(page.getByRole("list", { name: "Limits" })).toContainText(
    new RegExp(`${agent}.*paused until \\d\\d:\\d\\d`),
  );
  await page.goBack();

  // Stopping it ends the wait; the badge goes away live.
  await page.getByRole("button", { name: "Stop session" }).click();
  await expect(page.getByRole("status", { name: "Session status: Cancelled" })).toBeVisible();
  await expect(page.getByRole("link", { name: /waiting on a usage limit$/ })).toHaveCount(0);
  expect((await api.session.byId.query({ id: session.id })).status).toBe("cancelled");
});
