import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { api, uniqueKey } from "./support";

test("a steering document is written from the dashboard, and an edit made on disk meanwhile is never overwritten silently", async ({
  page,
}) => {
  const key = uniqueKey("STEER");
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-e2e-steer-"));
  await api.project.create.mutate({ name: `Steer ${key}`, rootDir, key });
  const file = join(rootDir, ".maestro", "steering", "product.md");

  await page.goto(`/projects/${key}/steering`);
  await page.getByLabel("New document name").fill("product");
  await page.getByRole("button", { name: "Add document" }).click();
  const editor = page.getByRole("region", { name: "product.md" });
  await editor.getByRole("textbox", { name: "product.md" }).fill("# Product\nWe sell maps.\n");
  await editor.getByRole("button", { name: "Save" }).click();
  await expect.poll(() => (existsSync(file) ? readFileSync(file, "utf8") : null)).toBe("# Product\nWe sell maps.\n");
  await expect(editor.getByRole("status")).toHaveText("");

  // Someone edits the file on disk while the page still shows the old text.
  writeFileSync(file, "# Product\nWe sell maps and atlases.\n");
  await editor.getByRole("textbox", { name: "product.md" }).fill("# Product\nWe sell globes.\n");
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor.getByRole("alert")).toContainText("product.md was changed on disk since you opened it");
  expect(readFileSync(file, "utf8")).toBe("# Product\nWe sell maps and atlases.\n");
  await editor.getByRole("button", { name: "Load the file" }).click();
  await expect(editor.getByRole("textbox", { name: "product.md" })).toHaveValue(
    "# Product\nWe sell maps and atlases.\n",
  );
});
