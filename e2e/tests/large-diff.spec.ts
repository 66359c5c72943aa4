import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { api, uniqueKey } from "./support";

// A 1,000-file change stays quick to review: the file list draws only the headers in view,
// and a file's diff is drawn when someone opens it.

const WRITE_FILES = 'for i in $(seq 1 1000); do echo "line $i" > "f$i.txt"; done';

test("a 1,000-file diff draws the headers in view and opens a file on demand", async ({ page }) => {
  test.setTimeout(90_000);
  const key = uniqueKey("BIG");
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-e2e-big-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: rootDir, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  writeFileSync(join(rootDir, "README.md"), "big\n");
  git("add", "--all");
  git("-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "commit", "-q", "-m", "start");
  const agent = `writer-${key.toLowerCase()}`;
  await api.agent.add.mutate({ name: agent, adapter: "custom", command: ["/bin/sh", "-c", WRITE_FILES] });
  await api.project.create.mutate({
    name: `Big ${key}`,
    rootDir,
    key,
    settings: { worktreeMode: "per_task", targetBranch: "main", landPolicy: "manual" },
  });
  const task = await api.task.create.mutate({ projectId: key, title: "Write a thousand files" });
  await api.session.start.mutate({ taskIds: [task.id], agent, worktree: true });
  await expect
    .poll(async () => (await api.task.byId.query({ id: task.id })).landing.reviewState, { timeout: 30_000 })
    .toBe("pending");

  await page.goto(`/projects/${key}?task=${task.key}&tab=changes`);
  const diff = page.getByRole("region", { name: "Diff" });
  await expect(diff.getByRole("heading", { name: "1000 files changed, 1000 additions, 0 deletions" })).toBeVisible();
  const files = diff.getByRole("list", { name: "Changed files" });
  await expect(files.getByRole("button", { name: "f1.txt, added, 1 addition, 0 deletions" })).toBeVisible();
  expect(await files.getByRole("listitem").count()).toBeLessThan(60);
  await expect(files.getByRole("button", { name: /^Comment on line/ })).toHaveCount(0);

  await files.getByRole("button", { name: "f10.txt, added, 1 addition, 0 deletions" }).click();
  await expect(files.getByRole("button", { name: "Comment on line 1 of f10.txt" })).toBeVisible();
  await files.evaluate((list) => list.parentElement!.scrollTo({ top: list.parentElement!.scrollHeight }));
  await expect(files.getByRole("button", { name: /^f999\.txt, added/ })).toBeVisible();
  expect(await files.getByRole("listitem").count()).toBeLessThan(60);
});
