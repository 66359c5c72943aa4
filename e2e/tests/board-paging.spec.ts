import { expect, test } from "@playwright/test";
import { api, uniqueKey } from "./support";

// Issue 15 (big projects): each board column loads a page of cards, more on scroll, and live
// events land in the right column of a paged board.

const TODO = 540;
const IN_PROGRESS = 40;
const COLUMN_PAGE = 25;

async function createTasks(projectId: string, count: number, status: "todo" | "in_progress", from: number) {
  const BATCH = 25;
  for (let start = 0; start < count; start += BATCH) {
    const size = Math.min(BATCH, count - start);
    // One batch at a time, so numbers (and ranks) follow the order of the batches.
    await Promise.all(
      Array.from({ length: size }, (_, i) =>
        api.task.create.mutate({ projectId, title: `Task ${from + start + i}`, status }),
      ),
    );
  }
}

test("a 580-task board shows a page per column, more on scroll, and live moves land in paged columns", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const key = uniqueKey("BIG");
  const project = await api.project.create.mutate({ name: `Big ${key}`, rootDir: `/tmp/${key.toLowerCase()}`, key });
  await createTasks(project.id, TODO, "todo", 1);
  await createTasks(project.id, IN_PROGRESS, "in_progress", TODO + 1);
  test.info().annotations.push({ type: "seeded", description: `${TODO + IN_PROGRESS} tasks` });

  await page.goto(`/projects/${key}`);
  await expect(page.getByRole("status", { name: "Connection: Live" })).toBeVisible();
  const board = page.getByRole("region", { name: "Board" });
  const todo = board.getByRole("region", { name: "To do" });
  const inProgress = board.getByRole("region", { name: "In progress" });

  // The first page of each column, with the counts of the whole project.
  await expect(todo.getByRole("listitem")).toHaveCount(COLUMN_PAGE);
  await expect(inProgress.getByRole("listitem")).toHaveCount(COLUMN_PAGE);
  await expect(todo.getByRole("heading", { level: 2 })).toContainText(String(TODO));
  await expect(inProgress.getByRole("heading", { level: 2 })).toContainText(String(IN_PROGRESS));

  // Scrolling to the end of a column loads its next page.
  await todo.getByRole("button", { name: "Load more To do tasks" }).scrollIntoViewIfNeeded();
  await expect(todo.getByRole("listitem")).toHaveCount(2 * COLUMN_PAGE);
  // The button under a column loads its next page too.
  await todo.getByRole("button", { name: "Load more To do tasks" }).click();
  await expect(todo.getByRole("listitem")).toHaveCount(3 * COLUMN_PAGE);
  // A column scrolled to its end has loaded all its tasks, and offers no more.
  await inProgress.getByRole("listitem").last().scrollIntoViewIfNeeded();
  await expect(inProgress.getByRole("listitem")).toHaveCount(IN_PROGRESS);
  await expect(inProgress.getByRole("button", { name: /Load more/ })).toHaveCount(0);

  // Another client moves the first task: it leaves To do and heads In progress, counts follow.
  const first = `${key}-1`;
  const moved = await api.task.byId.query({ id: first });
  await api.task.update.mutate({ id: moved.id, status: "in_progress" });
  await expect(todo.getByRole("link", { name: `${first} Task 1` })).toHaveCount(0);
  await expect(inProgress.getByRole("listitem").first()).toContainText(first);
  await expect(todo.getByRole("heading", { level: 2 })).toContainText(String(TODO - 1));
  await expect(inProgress.getByRole("heading", { level: 2 })).toContainText(String(IN_PROGRESS + 1));

  // A task created after the loaded pages turns up with its page, never twice.
  await api.task.create.mutate({ projectId: project.id, title: "Late arrival" });
  await expect(todo.getByRole("heading", { level: 2 })).toContainText(String(TODO));
  await expect(todo.getByRole("link", { name: /Late arrival/ })).toHaveCount(0);

  // A deleted one disappears from its page.
  const second = await api.task.byId.query({ id: `${key}-2` });
  await api.task.delete.mutate({ id: second.id });
  await expect(todo.getByRole("link", { name: `${key}-2 Task 2` })).toHaveCount(0);
  await expect(todo.getByRole("heading", { level: 2 })).toContainText(String(TODO - 1));
});
