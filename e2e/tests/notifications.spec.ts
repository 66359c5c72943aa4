import { mkdtempSync, writeFileSync } from "node:fs";
import { type IncomingMessage, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Page, expect, test } from "@playwright/test";
import { api, baseURL, uniqueKey } from "./support";

// Issue 14 (notifications): opt-in browser notifications, the title count, project webhooks.

const fakeAgent = fileURLToPath(new URL("../fixtures/fake-agent.sh", import.meta.url));

interface Shown {
  title: string;
  body: string;
}

declare global {
  interface Window {
    /** Every notification the page made (the browser's own notification UI cannot be inspected). */
    __shown: Array<Shown & { notification: Notification }>;
    /** Whether the window has the focus, as the page sees it. */
    __isFocused: boolean;
  }
}

/**
 * The real Notification, wrapped to record each one the page makes; and a window the person has
 * left for another (document.hasFocus() is false), since headless windows always have the focus.
 */
function recordNotifications() {
  const Real = window.Notification;
  const shown: Window["__shown"] = [];
  class Recording extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      shown.push({ title, body: options?.body ?? "", notification: this });
    }
  }
  Object.defineProperty(Recording, "permission", { get: () => Real.permission });
  Object.defineProperty(Recording, "requestPermission", { value: () => Real.requestPermission() });
  window.Notification = Recording as typeof Notification;
  window.__shown = shown;
  window.__isFocused = false;
  Document.prototype.hasFocus = () => window.__isFocused;
}

/**
 * What already waits on this server (earlier spec files leave tasks in review): the title's count
 * is across every project, so each test counts from here.
 */
async function waitingNow(): Promise<number> {
  const counts = await api.attention.counts.query();
  return counts.needsInput + counts.inReview + counts.approvals;
}

/** A page title as the dashboard shows it with `count` things waiting. */
const titleWith = (count: number, title: string) => (count > 0 ? `(${count}) ${title}` : title);

const shownTitles = (page: Page) => page.evaluate(() => window.__shown.map((item) => item.title));

async function clickNotification(page: Page, title: string) {
  await page.evaluate((wanted) => {
    const item = window.__shown.find((entry) => entry.title === wanted);
    item?.notification.dispatchEvent(new Event("click"));
  }, title);
}

/** A project on a real directory with two custom agents: one that fails, one that asks a question. */
async function seed() {
  const key = uniqueKey("NOTE");
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-e2e-notify-"));
  const goFile = join(rootDir, "go");
  await api.project.create.mutate({ name: `Notify ${key}`, rootDir, key });
  const failing = `failing-${key.toLowerCase()}`;
  const asking = `asking-${key.toLowerCase()}`;
  await api.agent.add.mutate({ name: failing, adapter: "custom", command: ["/bin/sh", "-c", "echo broken; exit 3"] });
  await api.agent.add.mutate({ name: asking, adapter: "custom", command: [fakeAgent, "ask", "{promptFile}", goFile] });
  return { key, failing, asking, go: () => writeFileSync(goFile, "") };
}

test("opted in, a failed task and a question notify; a click opens their page; the title counts what waits", async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  await context.grantPermissions(["notifications"], { origin: baseURL });
  await context.addInitScript(recordNotifications);
  const { key, failing, asking, go } = await seed();
  for (const title of ["Marked failed by hand", "Fails on its own", "Asks a question", "Waits for review"]) {
    await api.task.create.mutate({ projectId: key, title });
  }
  const waiting = await waitingNow();

  await page.goto("/settings");
  const toggle = page.getByRole("switch", { name: "Browser notifications" });
  await expect(toggle).not.toBeChecked();
  const kinds = page.getByRole("group", { name: "Tell me when" });
  await expect(kinds.getByRole("checkbox", { name: "A task fails" })).toBeDisabled();
  await toggle.check();
  await expect(toggle).toBeChecked();
  await expect(kinds.getByRole("checkbox", { name: "A task fails" })).toBeEnabled();
  await expect(kinds.getByRole("checkbox", { name: "A task fails" })).toBeChecked();
  await expect(page.getByRole("status", { name: "Connection: Live" })).toBeVisible();
  await expect(page).toHaveTitle(titleWith(waiting, "Settings · Maestro"));

  // The person's own change is not news to them; an agent's failure is.
  await api.task.update.mutate({ id: `${key}-1`, status: "failed" });
  await api.session.start.mutate({ taskIds: [`${key}-2`], agent: failing });
  await expect.poll(() => shownTitles(page), { timeout: 20_000 }).toContain(`${key}-2 failed`);
  expect(await shownTitles(page)).toEqual([`${key}-2 failed`]);
  await clickNotification(page, `${key}-2 failed`);
  await expect(page).toHaveURL(new RegExp(`/projects/${key}/list\\?task=${key}-2$`));
  await expect(page.getByRole("dialog", { name: `Task ${key}-2` })).toBeVisible();

  // A question: notified with its text, counted in the title, live.
  await expect(page).toHaveTitle(titleWith(waiting, `${key}-2 · Notify ${key} · Maestro`));
  const session = await api.session.start.mutate({ taskIds: [`${key}-3`], agent: asking });
  go();
  const asked = `${key}-3 needs input`;
  await expect.poll(() => shownTitles(page), { timeout: 20_000 }).toContain(asked);
  const body = await page.evaluate((title) => window.__shown.find((item) => item.title === title)?.body, asked);
  expect(body).toBe("Which colour should the button be?");
  await expect(page).toHaveTitle(titleWith(waiting + 1, `${key}-2 · Notify ${key} · Maestro`));
  await api.task.update.mutate({ id: `${key}-4`, status: "in_review" });
  await expect(page).toHaveTitle(titleWith(waiting + 2, `${key}-2 · Notify ${key} · Maestro`));
  await clickNotification(page, asked);
  await expect(page).toHaveURL(new RegExp(`/sessions/${session.id}$`));
  await expect(page.getByRole("status", { name: "Session status: Needs input" })).toBeVisible();
  await expect(page).toHaveTitle(titleWith(waiting + 2, `Session ${session.id.slice(0, 8)} · Maestro`));

  // Answered (stopped) and reviewed, nothing waits: the count goes.
  await api.session.stop.mutate({ id: session.id });
  await api.task.update.mutate({ id: `${key}-4`, status: "done" });
  await expect(page).toHaveTitle(titleWith(waiting, `Session ${session.id.slice(0, 8)} · Maestro`));

  // With the window in front, the person sees the change already: no notification.
  await page.evaluate(() => (window.__isFocused = true));
  const before = (await shownTitles(page)).length;
  await api.task.create.mutate({ projectId: key, title: "Fails in plain sight" });
  await api.session.start.mutate({ taskIds: [`${key}-5`], agent: failing });
  await expect.poll(async () => (await api.task.byId.query({ id: `${key}-5` })).status).toBe("failed");
  await page.waitForTimeout(1_500);
  expect(await shownTitles(page)).toHaveLength(before);
});

test("a usage limit pausing an agent notifies, and the click opens the agents page", async ({ page, context }) => {
  await context.grantPermissions(["notifications"], { origin: baseURL });
  await context.addInitScript(recordNotifications);
  const key = uniqueKey("LIMN");
  const agent = `limited-${key.toLowerCase()}`;
  await api.project.create.mutate({ name: `Limit ${key}`, rootDir: mkdtempSync(join(tmpdir(), "maestro-e2e-")), key });
  await api.agent.add.mutate({ name: agent, adapter: "custom", command: [fakeAgent, "limit"] });
  await api.task.create.mutate({ projectId: key, title: "Hit the limit" });
  await page.goto("/settings");
  await page.getByRole("switch", { name: "Browser notifications" }).check();
  await expect(page.getByRole("status", { name: "Connection: Live" })).toBeVisible();

  const session = await api.session.start.mutate({ taskIds: [`${key}-1`], agent });
  const title = `${agent} paused by a usage limit`;
  await expect.poll(() => shownTitles(page), { timeout: 20_000 }).toEqual([title]);
  await clickNotification(page, title);
  await expect(page).toHaveURL(/\/agents$/);
  await expect(page.getByRole("heading", { name: "Agents", level: 1 })).toBeVisible();
  await api.session.stop.mutate({ id: session.id });
});

test("a denied permission keeps notifications off and says how to allow them", async ({ page, context }) => {
  await context.addInitScript(() => {
    Object.defineProperty(Notification, "permission", { get: () => "denied" });
  });
  await page.goto("/settings");
  await expect(page.getByRole("switch", { name: "Browser notifications" })).toBeDisabled();
  await expect(page.getByRole("note")).toContainText("Notifications are blocked for this site");
  await expect(page.getByRole("note")).toContainText("set Notifications to Allow");
});

/** A real HTTP receiver on a free local port, recording each POST's body. */
async function startReceiver(): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      bodies.push(body);
      response.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, bodies, server };
}

test("the project's webhook is set on its Settings view and its deliveries are listed", async ({ page }) => {
  const receiver = await startReceiver();
  try {
    const key = uniqueKey("HOOK");
    await api.project.create.mutate({
      name: `Hook ${key}`,
      rootDir: mkdtempSync(join(tmpdir(), "maestro-e2e-hook-")),
      key,
    });
    await page.goto(`/projects/${key}`);
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Settings" }).click();
    await expect(page).toHaveURL(new RegExp(`/projects/${key}/settings$`));
    const deliveries = page.getByRole("region", { name: "Recent deliveries" });
    await expect(deliveries).toContainText("No deliveries yet");

    const form = page.getByRole("form", { name: `Webhook of ${key}` });
    await expect(form).toContainText("Secret: not set");
    await form.getByRole("textbox", { name: "Webhook URL" }).fill(receiver.url);
    await form.getByLabel("Secret", { exact: true }).fill("a-long-enough-secret");
    await form.getByRole("checkbox", { name: "Waiting for review" }).uncheck();
    await form.getByRole("button", { name: "Save webhook" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Webhook saved" })).toBeVisible();
    await expect(form).toContainText("Secret: set");
    await expect(form.getByLabel("Secret", { exact: true })).toHaveValue("");
    expect(await api.webhook.byProject.query({ projectId: key })).toEqual({
      url: receiver.url,
      notify: ["needs_input", "failed", "approval", "autopilot_done"],
      secretSet: true,
    });

    const task = await api.task.create.mutate({ projectId: key, title: "Ship it" });
    await api.task.update.mutate({ id: task.id, status: "failed" });
    await expect.poll(() => receiver.bodies.length, { timeout: 15_000 }).toBe(1);
    expect(JSON.parse(receiver.bodies[0]!)).toMatchObject({ event: "failed", task: { key: task.key } });
    const row = deliveries.getByRole("row", { name: /Task failed/ });
    await expect(row).toContainText("Delivered", { timeout: 10_000 });
    await expect(row.getByRole("cell")).toHaveText([/\d/, "Task failed", "Delivered", "1", "HTTP 200"]);

    // Clearing the secret, then removing the webhook.
    await form.getByRole("checkbox", { name: "Clear the secret" }).check();
    await form.getByRole("button", { name: "Save webhook" }).click();
    await expect(form).toContainText("Secret: not set");
    await form.getByRole("button", { name: "Remove webhook" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Webhook removed" })).toBeVisible();
    await expect(form.getByRole("textbox", { name: "Webhook URL" })).toHaveValue("");
    expect(await api.webhook.byProject.query({ projectId: key })).toBeNull();
  } finally {
    receiver.server.close();
  }
});
