import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page, test } from "@playwright/test";
import { api, uniqueKey } from "./support";

/** A small Task Master file: tagged, a subtask, a dependency, and a priority Maestro has no name for. */
const TASKS_JSON = JSON.stringify({
  master: {
    tasks: [
      {
        id: 1,
        title: "Load the map tiles",
        description: "Tiles from the CDN.",
        status: "done",
        priority: "high",
        dependencies: [],
      },
      {
        id: 2,
        title: "Draw the routes",
        description: "Lines between stops.",
        status: "in-progress",
        priority: "urgent",
        dependencies: [1],
        subtasks: [{ id: 1, title: "Pick route colours", description: "", status: "pending", dependencies: [] }],
      },
    ],
    metadata: { created: "2026-11-01T10:00:00.000Z" },
  },
});

const BACKLOG_FIXTURE = fileURLToPath(new URL("../../packages/domain/test/fixtures/import/backlog", import.meta.url));

async function createProject(prefix: string): Promise<{ key: string; rootDir: string }> {
  const key = uniqueKey(prefix);
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-e2e-import-"));
  await api.project.create.mutate({ name: `Import ${key}`, rootDir, key });
  return { key, rootDir };
}

async function openImport(page: Page, key: string) {
  await page.goto(`/projects/${key}`);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  return page.getByRole("dialog", { name: "Import tasks" });
}

test("a Task Master file uploaded in the dashboard is previewed, imported, and its tasks are on the board", async ({
  page,
}) => {
  const { key } = await createProject("IMPU");
  const dialog = await openImport(page, key);
  await expect(dialog.getByLabel("Format")).toHaveValue("taskmaster");
  await dialog.getByLabel("File to upload").setInputFiles({
    name: "tasks.json",
    mimeType: "application/json",
    buffer: Buffer.from(TASKS_JSON),
  });
  await expect(dialog.getByRole("status")).toContainText("tasks.json read");
  await dialog.getByRole("button", { name: "Preview" }).click();

  const table = dialog.getByRole("table", { name: "Tasks to import" });
  await expect(table.getByRole("row")).toHaveCount(4);
  await expect(table.getByRole("row", { name: /Create .*Load the map tiles/ })).toBeVisible();
  await expect(table.getByRole("row", { name: /Create .*Pick route colours/ })).toBeVisible();
  await expect(dialog.getByRole("region", { name: "Warnings" })).toContainText("urgent");

  await dialog.getByRole("button", { name: "Import 3 tasks" }).click();
  await expect(dialog.getByRole("status")).toHaveText(`Imported 3 tasks into ${key}.`);
  await dialog.getByRole("link", { name: "Open the board" }).click();
  await expect(dialog).toBeHidden();
  const board = page.getByRole("region", { name: "Board" });
  await expect(
    board.getByRole("region", { name: "Done" }).getByRole("link", { name: /Load the map tiles/ }),
  ).toBeVisible();
  await expect(board.getByRole("link", { name: /Draw the routes/ })).toBeVisible();
  await expect(board.getByRole("link", { name: /Pick route colours/ })).toBeVisible();

  // The same file again: everything is there already, so there is nothing to confirm.
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await dialog.getByLabel("File to upload").setInputFiles({
    name: "tasks.json",
    mimeType: "application/json",
    buffer: Buffer.from(TASKS_JSON),
  });
  await expect(dialog.getByRole("status")).toContainText("tasks.json read");
  await dialog.getByRole("button", { name: "Preview" }).click();
  await expect(dialog.getByText("Nothing to import")).toBeVisible();
  await expect(dialog.getByRole("table", { name: "Tasks to import" }).getByText("Unchanged")).toHaveCount(3);
  await expect(dialog.getByRole("button", { name: /^Import \d/ })).toHaveCount(0);
});

test("a path inside the project is previewed (held under autopilot); a wrong path or a broken file marks the path field", async ({
  page,
}) => {
  const { key, rootDir } = await createProject("IMPP");
  mkdirSync(join(rootDir, ".taskmaster", "tasks"), { recursive: true });
  writeFileSync(join(rootDir, ".taskmaster", "tasks", "tasks.json"), TASKS_JSON);
  writeFileSync(join(rootDir, ".taskmaster", "tasks", "broken.json"), "{ not json");

  const dialog = await openImport(page, key);
  await dialog.getByRole("radio", { name: "Read from the project's folder" }).check();
  const path = dialog.getByLabel("Path in project");
  await path.fill(".taskmaster/tasks/missing.json");
  await dialog.getByRole("button", { name: "Preview" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("path: .taskmaster/tasks/missing.json does not exist");
  await expect(path).toHaveAttribute("aria-invalid", "true");
  // A file that is not Task Master's: the parser names the file, and the field to fix is still the path.
  await path.fill(".taskmaster/tasks/broken.json");
  await dialog.getByRole("button", { name: "Preview" }).click();
  await expect(dialog.getByRole("alert")).toContainText("broken.json: is not JSON");
  await expect(path).toHaveAttribute("aria-invalid", "true");

  // By keyboard: Enter in the field previews, and the confirm button takes the focus.
  await path.fill(".taskmaster/tasks/tasks.json");
  await path.press("Enter");
  const table = dialog.getByRole("table", { name: "Tasks to import" });
  await expect(table.getByRole("row", { name: /Create .*Draw the routes/ })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Import 3 tasks" })).toBeFocused();
  await expect(dialog.getByText(/created held/)).toHaveCount(0);
  // A preview writes nothing.
  expect((await api.task.list.query({ projectId: key })).items).toHaveLength(0);

  await dialog.getByRole("button", { name: "Back" }).press("Enter");
  await expect(dialog.getByLabel("Format")).toBeFocused();
  await expect(path).toHaveValue(".taskmaster/tasks/tasks.json");

  // With autopilot on, the plan says the new tasks will be held rather than started.
  await api.autopilot.start.mutate({ projectId: key });
  await dialog.getByRole("button", { name: "Preview" }).click();
  await expect(dialog.getByText(`Autopilot is on for ${key}: imported tasks are created held`)).toBeVisible();
});

test("a Backlog.md folder is uploaded as a folder and previewed", async ({ page }) => {
  const { key } = await createProject("IMPF");
  // A copy under another name: the upload leaves the chosen folder's name out of the paths it sends.
  const folder = join(mkdtempSync(join(tmpdir(), "maestro-e2e-upload-")), "planning");
  cpSync(BACKLOG_FIXTURE, folder, { recursive: true });

  const dialog = await openImport(page, key);
  await dialog.getByLabel("Format").selectOption("backlog");
  await expect(dialog.getByLabel("File to upload")).toHaveCount(0);
  await dialog.getByLabel("Folder to upload").setInputFiles(folder);
  await expect(dialog.getByRole("status")).toContainText("files read from planning");
  await dialog.getByRole("button", { name: "Preview" }).click();

  const table = dialog.getByRole("table", { name: "Tasks to import" });
  await expect(table.getByRole("row", { name: /Create .*Thumbnails for old photos/ })).toBeVisible();
  await expect(dialog.getByRole("region", { name: "Warnings" })).toContainText("Waiting for vendor");
  await expect(dialog.getByRole("button", { name: "Import 7 tasks" })).toBeVisible();
});
