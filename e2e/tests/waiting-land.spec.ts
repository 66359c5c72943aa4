import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { api, uniqueKey } from "./support";

// Approved work waits while the person's checkout of the target has uncommitted changes: the
// panel says why, "Land" says why not, and once they commit it lands, their change kept.

const reviewedAgent = fileURLToPath(new URL("../fixtures/reviewed-agent.sh", import.meta.url));

test("approved work waits for a dirty checkout, Land says why, and it lands once the person commits", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const key = uniqueKey("WAIT");
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-e2e-wait-"));
  const git = (...args: string[]) =>
    execFileSync(
      "git",
      ["-c", "core.hooksPath=/dev/null", "-c", "user.name=e2e", "-c", "user.email=e2e@example.com", ...args],
      {
        cwd: rootDir,
        stdio: "pipe",
      },
    );
  git("init", "-q", "-b", "main");
  writeFileSync(join(rootDir, "README.md"), "mine\n");
  git("add", "--all");
  git("commit", "-q", "-m", "start");
  const agent = `reviewed-${key.toLowerCase()}`;
  await api.agent.add.mutate({ name: agent, adapter: "custom", command: [reviewedAgent, "{promptFile}"] });
  await api.project.create.mutate({
    name: `Wait ${key}`,
    rootDir,
    key,
    settings: { worktreeMode: "per_task", targetBranch: "main", landPolicy: "manual" },
  });
  const task = await api.task.create.mutate({ projectId: key, title: "Greet" });
  await api.session.start.mutate({ taskIds: [task.id], agent, worktree: true });
  await expect
    .poll(async () => (await api.task.byId.query({ id: task.id })).landing.reviewState, { timeout: 30_000 })
    .toBe("pending");

  // The person edits a tracked file in the project directory, where main is checked out.
  writeFileSync(join(rootDir, "README.md"), "mine, edited\n");
  await page.goto(`/projects/${key}?task=${task.key}&tab=changes`);
  const panel = page.getByRole("dialog", { name: `Task ${task.key}` });
  await panel.getByRole("button", { name: "Approve" }).click();
  await expect(panel.getByRole("status", { name: "Land state: Waiting to land" })).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByRole("region", { name: "Landing" }).getByRole("note")).toContainText("README.md");
  await panel.getByRole("button", { name: "Land" }).click();
  await expect(panel.getByRole("alert")).toContainText(`${task.key} cannot land yet`);
  await expect(panel.getByRole("alert")).toContainText("README.md");

  git("commit", "-q", "-am", "my edit");
  await expect(panel.getByRole("status", { name: "Land state: Landed" })).toBeVisible({ timeout: 30_000 });
  expect(readFileSync(join(rootDir, "README.md"), "utf8")).toBe("mine, edited\n");
  expect(readFileSync(join(rootDir, "greeting.txt"), "utf8")).toBe("hello\nworld\n");
});
