import { expect, test } from "@playwright/test";
import { api, maestro, uniqueKey } from "./support";

test("a task created with the CLI appears in the open dashboard without reload", async ({ page }) => {
  const key = uniqueKey("CLI");
  await api.project.create.mutate({ name: `Cli ${key}`, rootDir: `/tmp/${key.toLowerCase()}`, key });
  await page.goto(`/projects/${key}`);
  await expect(page.getByRole("status", { name: "Connection: Live" })).toBeVisible();
  await expect(page.getByText("No tasks yet")).toBeVisible();

  const { stdout } = await maestro(
    "task",
    "create",
    "Made in the terminal",
    "--project",
    key,
    "--priority",
    "high",
    "--json",
  );
  const task = JSON.parse(stdout) as { key: string; priority: string };
  expect(task).toMatchObject({ key: `${key}-1`, priority: "high" });

  const todo = page.getByRole("region", { name: "Board" }).getByRole("region", { name: "To do" });
  await expect(todo.getByRole("link", { name: `${key}-1 Made in the terminal` })).toBeVisible();

  await maestro("task", "update", `${key}-1`, "--status", "done");
  await expect(
    page.getByRole("region", { name: "Done" }).getByRole("link", { name: `${key}-1 Made in the terminal` }),
  ).toBeVisible();
});
