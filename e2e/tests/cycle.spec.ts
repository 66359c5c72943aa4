import { expect, test } from "@playwright/test";
import { api, uniqueKey } from "./support";

test("a dependency cycle is refused and the panel shows the server's message naming it", async ({ page }) => {
  const key = uniqueKey("CY");
  const project = await api.project.create.mutate({ name: `Cycle ${key}`, rootDir: `/tmp/${key.toLowerCase()}`, key });
  await api.task.create.mutate({ projectId: project.id, title: "Foundation" });
  await api.task.create.mutate({ projectId: project.id, title: "Walls", dependsOn: [`${key}-1`] });
  await api.task.create.mutate({ projectId: project.id, title: "Roof", dependsOn: [`${key}-2`] });

  await page.goto(`/projects/${key}?task=${key}-1`);
  const panel = page.getByRole("dialog", { name: `Task ${key}-1` });
  await expect(panel.getByLabel("Title")).toHaveValue("Foundation");
  await panel.getByLabel("Add dependency").selectOption(`${key}-3`);
  await panel.getByRole("button", { name: "Save task" }).click();
  await expect(panel.getByRole("alert")).toHaveText(`dependency cycle: ${key}-1 → ${key}-3 → ${key}-2 → ${key}-1`);

  // Nothing was written: the task still has no dependency and its version is unchanged.
  const stored = await api.task.byId.query({ id: `${key}-1` });
  expect(stored).toMatchObject({ dependsOn: [], version: 1 });

  // A valid edit from the same panel goes through.
  await panel.getByRole("button", { name: `Remove dependency ${key}-3` }).click();
  await panel.getByLabel("Title").fill("Foundation, poured");
  await panel.getByRole("button", { name: "Save task" }).click();
  await expect.poll(async () => (await api.task.byId.query({ id: `${key}-1` })).title).toBe("Foundation, poured");
});
