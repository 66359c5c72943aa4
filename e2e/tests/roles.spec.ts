import { type Browser, type Page, expect, test } from "@playwright/test";
import { api, baseURL, uniqueKey } from "./support";

type Role = Parameters<typeof api.token.create.mutate>[0]["role"];

// Each test signs in with a named token of its own: no owner cookie from the global sign-in.
const SIGNED_OUT = { cookies: [], origins: [] };
test.use({ storageState: SIGNED_OUT });

let counter = 0;
/** A named token made through the API by the owner, as `maestro token create` would. */
async function createToken(role: Role): Promise<{ name: string; secret: string }> {
  counter += 1;
  const name = `${role}-${Date.now().toString(36)}-${counter}`;
  const created = await api.token.create.mutate({ name, role });
  return { name, secret: created.token };
}

async function seedProject(): Promise<{ key: string; taskKey: string }> {
  const key = uniqueKey("RO");
  const project = await api.project.create.mutate({ name: `Roles ${key}`, rootDir: `/tmp/${key.toLowerCase()}`, key });
  const task = await api.task.create.mutate({ projectId: project.id, title: "Write the release notes" });
  return { key, taskKey: task.key };
}

/** Pastes `secret` on the sign-in page, from the keyboard, as a person would. */
async function signInWith(page: Page, secret: string): Promise<void> {
  await page.goto("/signin");
  const field = page.getByLabel("Paste your token");
  await field.fill(secret);
  await field.press("Enter");
  await expect(page.getByRole("heading", { name: "Projects", level: 1 })).toBeVisible();
}

async function signedInPage(browser: Browser, role: Role) {
  const token = await createToken(role);
  const context = await browser.newContext({ storageState: SIGNED_OUT });
  const page = await context.newPage();
  await signInWith(page, token.secret);
  await expect(page.getByText(`Signed in as ${token.name} (${role})`)).toBeVisible();
  return { page, context, token };
}

test("the sign-in page says a named token works too", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByText(/a named token an admin created for you/)).toBeVisible();
});

test("a viewer signs in with a named token, sees no controls that change anything, and a refused call says why", async ({
  browser,
}) => {
  const { key, taskKey } = await seedProject();
  const { page, context, token } = await signedInPage(browser, "viewer");
  await expect(page.getByRole("button", { name: "New project" })).toHaveCount(0);

  await page.getByRole("link", { name: `Roles ${key}` }).click();
  const card = page.getByRole("link", { name: `${taskKey} Write the release notes` });
  await expect(card).toBeVisible();
  await expect(page.getByRole("button", { name: "New task" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Import" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Start autopilot" })).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: `Status of ${taskKey}` })).toHaveCount(0);
  await expect(page.getByRole("button", { name: `Drag ${taskKey}` })).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Settings" })).toHaveCount(0);

  // The panel shows the task read only: no editor, no Run, no Delete.
  await card.click();
  const panel = page.getByRole("dialog", { name: `Task ${taskKey}` });
  await expect(panel.getByRole("heading", { name: "Write the release notes" })).toBeVisible();
  await expect(panel.getByLabel("Title")).toHaveCount(0);
  await expect(panel.getByRole("button", { name: "Save task" })).toHaveCount(0);
  await expect(panel.getByRole("button", { name: "Run" })).toHaveCount(0);
  await expect(panel.getByRole("button", { name: "Delete task" })).toHaveCount(0);

  // Called directly (the page's own cookie), the server refuses and names the role it needs.
  const refused = await page.request.post(`${baseURL}/trpc/task.create`, {
    data: { projectId: key, title: "Sneaked in" },
    headers: { "content-type": "application/json" },
  });
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain(`task.create needs the member role; ${token.name} is viewer`);

  // A page opened by its address says who may use it.
  await page.goto("/settings/tokens");
  await expect(page.getByText("Only an admin may manage tokens")).toBeVisible();
  await expect(page.getByText("You are signed in as a viewer.")).toBeVisible();
  await context.close();
});

test("a member plans and runs but sees no agent, project or token management", async ({ browser }) => {
  const { key } = await seedProject();
  const { page, context } = await signedInPage(browser, "member");
  await expect(page.getByRole("button", { name: "New project" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: new RegExp(`Delete project Roles ${key}`) })).toHaveCount(0);

  await page.getByRole("link", { name: `Roles ${key}` }).click();
  await expect(page.getByRole("button", { name: "New task" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Settings" })).toHaveCount(0);
  await expect(page.getByText("Edit budget")).toHaveCount(0);
  await page.goto(`/projects/${key}/settings`);
  await expect(page.getByText("Only an admin may manage this project's settings")).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Agents" }).click();
  await expect(page.getByRole("table", { name: "Agent profiles" })).toBeVisible();
  await expect(page.getByRole("button", { name: "New agent" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Edit / })).toHaveCount(0);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Browser notifications" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Tokens" })).toHaveCount(0);
  await context.close();
});

test("an admin creates a token in the UI, sees its secret once, and revokes it", async ({ browser }) => {
  const { page, context } = await signedInPage(browser, "admin");
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: "Tokens" }).click();
  await expect(page.getByRole("heading", { name: "Tokens", level: 1 })).toBeVisible();

  const name = `ci-${Date.now().toString(36)}`;
  await page.getByRole("button", { name: "New token" }).click();
  const dialog = page.getByRole("dialog", { name: "New token" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Role").selectOption("viewer");
  await dialog.getByRole("button", { name: "Create token" }).click();

  const created = page.getByRole("dialog", { name: `Token ${name} created` });
  await expect(created.getByText("this is the only time Maestro shows it")).toBeVisible();
  const secret = await created.getByRole("textbox", { name: `Token for ${name}` }).inputValue();
  expect(secret).toMatch(/^mst_/);
  await created.getByRole("button", { name: "Copy token" }).click();
  await expect(created.getByRole("status")).toHaveText("Copied to the clipboard.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await created.getByRole("button", { name: "Done" }).click();
  await expect(created).toBeHidden();

  const row = page.getByRole("table", { name: "Tokens" }).getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("Viewer");
  await expect(row).toContainText("Active");
  await expect(row).not.toContainText(secret);

  // The secret signs in, in another browser: a session bound to the token.
  const userContext = await browser.newContext({ storageState: SIGNED_OUT });
  const user = await userContext.newPage();
  await signInWith(user, secret);
  await expect(user.getByText(`Signed in as ${name} (viewer)`)).toBeVisible();

  // From the keyboard: the confirmation opens on Cancel, the destructive button is one Tab away.
  await row.getByRole("button", { name: `Revoke ${name}` }).focus();
  await page.keyboard.press("Enter");
  const confirm = page.getByRole("dialog", { name: `Revoke token ${name}?` });
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(confirm.getByRole("button", { name: "Revoke token" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);

  // Revoking ends the session it opened: its page returns to the sign-in page.
  await expect(user.getByRole("heading", { name: "Sign in to Maestro" })).toBeVisible();
  expect((await user.request.get(`${baseURL}/trpc/auth.me`)).status()).toBe(401);
  await userContext.close();
  await context.close();
});
