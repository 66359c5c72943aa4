import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { api, uniqueKey } from "./support";

const REQUIREMENTS = `# Requirements

### Requirement 1: Reset a forgotten password
1. WHEN the user asks for a reset THE SYSTEM SHALL email a one-time link
2. IF the link has expired THEN THE SYSTEM SHALL say so and offer a new one
`;

const TASKS = `# Tasks

- [ ] 1. Store reset tokens
  _Requirements: 1.1_
- [ ] 2. Send the reset email
  _Requirements: 1.2_
  _Depends: 1_
`;

test("a spec from request to tasks on the board, entirely in the dashboard", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const key = uniqueKey("SP");
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-e2e-spec-"));
  await api.project.create.mutate({ name: `Spec ${key}`, rootDir, key });

  // A watcher keeps the approvals inbox open in its own context: it must follow live.
  const watcherContext = await browser.newContext();
  const watcher = await watcherContext.newPage();
  await watcher.goto("/approvals");
  await expect(watcher.getByRole("status", { name: "Connection: Live" })).toBeVisible();
  await expect(watcher.getByRole("heading", { name: "Approvals" })).toBeVisible();

  await page.goto(`/projects/${key}`);
  await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Specs" }).click();
  const specs = page.getByRole("region", { name: "Specs" });
  await expect(specs.getByText("No specs yet")).toBeVisible();
  await specs.getByRole("button", { name: "New spec" }).click();
  const dialog = page.getByRole("dialog", { name: "New spec" });
  await dialog.getByLabel("Name").fill("Password reset");
  await dialog.getByLabel("Request").fill("Users who forgot their password can set a new one by email.");
  await dialog.getByRole("button", { name: "Create spec" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${key}/specs/password-reset$`));
  await expect(page.getByRole("heading", { name: "Password reset" })).toBeVisible();

  // Requirements: write them in the editor; the EARS lint judges the text before it is saved.
  const phases = page.getByRole("navigation", { name: "Phases" });
  await expect(phases.getByRole("link", { name: "Requirements: Not written" })).toHaveAttribute("aria-current", "page");
  const requirements = page.getByRole("region", { name: "Requirements phase" });
  await requirements
    .getByRole("textbox", { name: "requirements.md" })
    .fill("### Requirement 1: Reset\n1. The user should get an email\n");
  await expect(requirements.getByRole("table", { name: "Lint problems" })).toContainText("use SHALL, not SHOULD");
  await requirements.getByRole("textbox", { name: "requirements.md" }).fill(REQUIREMENTS);
  await expect(requirements.getByRole("region", { name: "Requirements lint" })).toContainText(
    "All 2 acceptance criteria follow an EARS pattern.",
  );
  await expect(
    requirements
      .getByRole("region", { name: "Preview" })
      .getByRole("heading", { name: "Requirement 1: Reset a forgotten password" }),
  ).toBeVisible();
  await requirements.getByRole("button", { name: "Save" }).click();
  await expect(requirements.getByText("Based on version 1")).toBeVisible();

  const review = requirements.getByRole("region", { name: "Review" });
  await review.getByRole("button", { name: "Submit for review" }).click();
  await expect(review.getByRole("status", { name: "Review state: In review" })).toBeVisible();
  await expect(
    watcher
      .getByRole("list", { name: "Waiting for review" })
      .getByRole("link", { name: "Password reset: Requirements" }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: /^Approvals, [1-9]\d* waiting$/ })).toBeVisible();

  await review.getByRole("textbox", { name: "Review comment" }).fill("Clear and testable.");
  await review.getByRole("button", { name: "Approve" }).click();

  // The design phase opens; the inbox empties of it.
  await expect(phases.getByRole("link", { name: "Requirements: Approved" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Design phase" })).toBeVisible();
  await expect(phases.getByRole("listitem").filter({ hasText: "Design" })).toHaveAttribute("aria-current", "step");
  await expect(watcher.getByRole("link", { name: "Password reset: Requirements" })).toHaveCount(0);

  // Fast-forward the design phase through the API; the open page follows live.
  const spec = await api.spec.byId.query({ id: `${key}/password-reset` });
  await api.spec.edit.mutate({
    id: spec.id,
    phase: "design",
    text: "# Design\n\nA token table and a mailer.\n",
    baseVersion: 0,
  });
  await api.spec.approve.mutate({ id: spec.id, phase: "design" });
  const tasksPhase = page.getByRole("region", { name: "Tasks phase" });
  await expect(tasksPhase).toBeVisible();

  await tasksPhase.getByRole("textbox", { name: "tasks.md" }).fill(TASKS);
  await tasksPhase.getByRole("button", { name: "Save" }).click();
  const preview = tasksPhase.getByRole("region", { name: "Tasks preview" });
  await expect(preview).toContainText("2 to create, 0 to update");
  await expect(preview.getByRole("list", { name: "Planned tasks" })).toContainText("Depends on 1");
  await tasksPhase.getByRole("region", { name: "Review" }).getByRole("button", { name: "Approve" }).click();

  await expect(phases.getByRole("link", { name: "Tasks: Approved" })).toBeVisible();
  const trace = page.getByRole("region", { name: "Traceability" });
  const criterionRow = (text: string) => trace.getByRole("row").filter({ hasText: text });
  await expect(
    criterionRow("email a one-time link").getByRole("link", { name: `${key}-1 Store reset tokens` }),
  ).toBeVisible();
  await expect(
    criterionRow("say so and offer a new one").getByRole("link", { name: `${key}-2 Send the reset email` }),
  ).toBeVisible();
  await expect(trace).toContainText("Every requirement has a task.");
  expect(existsSync(join(rootDir, ".maestro", "specs", "password-reset", "requirements.md"))).toBe(true);
  expect(readFileSync(join(rootDir, ".maestro", "specs", "password-reset", "tasks.md"), "utf8")).toContain(
    "Send the reset email",
  );

  // The board has both tasks, the second waiting for the first.
  await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Board" }).click();
  const todo = page.getByRole("region", { name: "Board" }).getByRole("region", { name: "To do" });
  await expect(todo.getByRole("link", { name: `${key}-1 Store reset tokens` })).toBeVisible();
  await expect(todo.getByRole("link", { name: `${key}-2 Send the reset email` })).toBeVisible();
  await expect(todo.locator(`[data-task-key="${key}-2"]`)).toContainText(`Blocked by ${key}-1`);
  await watcherContext.close();
});

test("a save over a newer version is refused and the newer text can be loaded, keeping mine aside", async ({
  page,
}) => {
  const key = uniqueKey("SC");
  const project = await api.project.create.mutate({
    name: `Conflict ${key}`,
    rootDir: mkdtempSync(join(tmpdir(), "maestro-e2e-spec-")),
    key,
  });
  const spec = await api.spec.create.mutate({ projectId: project.id, name: "Audit log" });
  await api.spec.edit.mutate({ id: spec.id, phase: "requirements", text: "# One\n", baseVersion: 0 });

  await page.goto(`/projects/${key}/specs/audit-log`);
  const section = page.getByRole("region", { name: "Requirements phase" });
  const editor = section.getByRole("textbox", { name: "requirements.md" });
  await expect(editor).toHaveValue("# One\n");
  await editor.fill("# Mine\n");
  await api.spec.edit.mutate({ id: spec.id, phase: "requirements", text: "# Theirs\n", baseVersion: 1 });

  // Whether the live event or the refused save comes first, the user is told and keeps their text.
  await expect(section.getByRole("alert").filter({ hasText: /version 2/i })).toBeVisible();
  await expect(editor).toHaveValue("# Mine\n");
  await section.getByRole("button", { name: "Load newer version" }).click();
  await expect(editor).toHaveValue("# Theirs\n");
  await expect(section.getByRole("textbox", { name: "Your replaced text" })).toHaveValue("# Mine\n");

  const history = section.getByRole("region", { name: "Version history" });
  await expect(history.getByRole("table", { name: "Versions" }).getByRole("row")).toHaveCount(3);
  await history.getByLabel("From version").selectOption("1");
  await expect(history.getByRole("region", { name: "Diff" })).toContainText("# Theirs");
});
