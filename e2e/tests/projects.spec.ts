import { expect, test } from "@playwright/test";
import { uniqueKey } from "./support";

test("a project and its tasks created in the UI appear live on a second page", async ({ page, browser }) => {
  const key = uniqueKey("UI");
  await page.goto("/");
  await expect(page.getByRole("status", { name: "Connection: Live" })).toBeVisible();

  await page.getByRole("button", { name: "New project" }).click();
  const dialog = page.getByRole("dialog", { name: "New project" });
  await dialog.getByLabel("Name").fill(`Web ${key}`);
  await dialog.getByLabel("Directory").fill("relative/path");
  await dialog.getByRole("button", { name: "Create project" }).click();
  await expect(dialog.getByRole("alert")).toContainText("rootDir: must be an absolute path");
  await dialog.getByLabel("Directory").fill(`/tmp/${key.toLowerCase()}`);
  await dialog.getByLabel("Key").fill(key);
  await dialog.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${key}$`));
  await expect(page.getByRole("heading", { name: `Web ${key}` })).toBeVisible();

  // The watcher: another browser context, as another tab or person would be.
  const watcherContext = await browser.newContext();
  const watcher = await watcherContext.newPage();
  await watcher.goto(`/projects/${key}`);
  await expect(watcher.getByRole("status", { name: "Connection: Live" })).toBeVisible();
  const watchedBoard = watcher.getByRole("region", { name: "Board" });

  await page.getByRole("button", { name: "New task" }).click();
  const newTask = page.getByRole("dialog", { name: "New task" });
  await newTask.getByLabel("Title").fill("Design the login page");
  await newTask.getByRole("button", { name: "Create task" }).click();
  await expect(newTask).toBeHidden();

  await page.getByRole("button", { name: "New task" }).click();
  await newTask.getByLabel("Title").fill("Build the login API");
  await newTask.getByLabel("Depends on").selectOption(`${key}-1`);
  await newTask.getByRole("button", { name: "Create task" }).click();
  await expect(newTask).toBeHidden();

  const todo = watchedBoard.getByRole("region", { name: "To do" });
  await expect(todo.getByRole("link", { name: `${key}-1 Design the login page` })).toBeVisible();
  await expect(todo.getByRole("link", { name: `${key}-2 Build the login API` })).toBeVisible();

  // A status change on the first page moves the card on the second.
  await page.getByRole("combobox", { name: `Status of ${key}-1` }).selectOption("in_progress");
  await expect(
    watchedBoard
      .getByRole("region", { name: "In progress" })
      .getByRole("link", { name: `${key}-1 Design the login page` }),
  ).toBeVisible();
  await expect(todo.getByRole("link", { name: `${key}-1 Design the login page` })).toHaveCount(0);

  // The tree view on the watcher shows the dependency.
  await watcher.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "List" }).click();
  const tree = watcher.getByRole("region", { name: "Task tree" });
  await expect(tree.getByRole("link", { name: `${key}-2 Build the login API` })).toBeVisible();
  await expect(tree.getByRole("row", { name: new RegExp(`${key}-2`) })).toContainText(`${key}-1`);
  await watcherContext.close();
});

test("moving a card by keyboard drag changes its status", async ({ page }) => {
  const key = uniqueKey("KB");
  await page.goto("/");
  await page.getByRole("button", { name: "New project" }).click();
  const dialog = page.getByRole("dialog", { name: "New project" });
  await dialog.getByLabel("Name").fill(`Keys ${key}`);
  await dialog.getByLabel("Directory").fill(`/tmp/${key.toLowerCase()}`);
  await dialog.getByLabel("Key").fill(key);
  await dialog.getByRole("button", { name: "Create project" }).click();
  await page.getByRole("button", { name: "New task" }).click();
  const newTask = page.getByRole("dialog", { name: "New task" });
  await newTask.getByLabel("Title").fill("Drag me");
  await newTask.getByRole("button", { name: "Create task" }).click();
  await expect(newTask).toBeHidden();

  const board = page.getByRole("region", { name: "Board" });
  const handle = page.getByRole("button", { name: `Drag ${key}-1` });
  await handle.focus();
  await expect(handle).toBeFocused();
  // Pressed back to back, as a fast typist would: the move must still land.
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Space");
  await expect(
    board.getByRole("region", { name: "In progress" }).getByRole("link", { name: `${key}-1 Drag me` }),
  ).toBeVisible();
  await page.reload();
  await expect(page.getByRole("combobox", { name: `Status of ${key}-1` })).toHaveValue("in_progress");
});
