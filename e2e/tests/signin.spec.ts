import { type Page, expect, test } from "@playwright/test";
import { baseURL, maestro, ownerToken } from "./support";

// These tests start signed out: no cookie from the suite's global sign-in.
const SIGNED_OUT = { cookies: [], origins: [] };
test.use({ storageState: SIGNED_OUT });

const signInHeading = (page: Page) => page.getByRole("heading", { name: "Sign in to Maestro" });
const projectsHeading = (page: Page) => page.getByRole("heading", { name: "Projects", level: 1 });

async function freshLink(): Promise<string> {
  const { stdout } = await maestro("dashboard", "--json");
  return (JSON.parse(stdout) as { url: string }).url;
}

test("without a cookie the dashboard shows the sign-in page, and the API answers 401", async ({ page, playwright }) => {
  await page.goto("/");
  await expect(signInHeading(page)).toBeVisible();
  await expect(page.getByText(/maestro dashboard/)).toBeVisible();
  await expect(projectsHeading(page)).toHaveCount(0);

  const anonymous = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
  const response = await anonymous.get("/trpc/project.list");
  expect(response.status()).toBe(401);
  await anonymous.dispose();
});

test("a fresh link signs in once, leaves no code in the address bar, and is refused the second time", async ({
  page,
  browser,
}) => {
  const link = await freshLink();
  expect(link).toMatch(new RegExp(`^${baseURL}/signin#code=`));
  await page.goto(link);
  await expect(projectsHeading(page)).toBeVisible();
  expect(page.url()).toBe(`${baseURL}/`);

  const other = await browser.newContext({ storageState: SIGNED_OUT });
  const second = await other.newPage();
  await second.goto(link);
  await expect(second.getByRole("alert")).toHaveText(/this sign-in link was already used/);
  await expect(signInHeading(second)).toBeVisible();
  expect(second.url()).toBe(`${baseURL}/signin`);
  await other.close();
});

test("pasting the owner token signs in, from the keyboard", async ({ page }) => {
  await page.goto("/signin");
  const field = page.getByLabel("Paste your token");
  await field.fill("not-the-token-0123456789");
  await field.press("Enter");
  await expect(page.getByRole("alert")).toHaveText(/wrong token/);

  await field.fill(ownerToken);
  await field.press("Enter");
  await expect(projectsHeading(page)).toBeVisible();
  await expect(page.getByRole("status", { name: "Connection: Live" })).toBeVisible();
});

test("signing out returns to the sign-in page, and another tab of the same browser follows on its own", async ({
  page,
  context,
}) => {
  await page.goto(await freshLink());
  await expect(projectsHeading(page)).toBeVisible();
  const otherTab = await context.newPage();
  await otherTab.goto("/");
  await expect(projectsHeading(otherTab)).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(signInHeading(page)).toBeVisible();
  expect(page.url()).toBe(`${baseURL}/signin`);
  await page.reload();
  await expect(signInHeading(page)).toBeVisible();

  // Signing out closed the other tab's live connection too (its cookie is the same sign-in): the
  // tab follows without a click, once its reconnect is refused.
  await expect(signInHeading(otherTab)).toBeVisible({ timeout: 15_000 });
  await otherTab.reload();
  await expect(signInHeading(otherTab)).toBeVisible();
});
