// The pages P10 opens, each timed in the page from navigation until what it waits for is on
// screen, with the renderer processes' CPU time and (for the board) every byte received.
import type { BrowserContext } from "playwright-core";
import { rendererCpuMs, watchPage } from "./browser-watch";

/** The longest one step (a page to show, a page to go quiet) may take. */
export const STEP_DEADLINE_MS = 120_000;

/** In the page: ms since navigation when every non-empty column of the board shows a card. */
const EVERY_COLUMN_SHOWN = () => {
  const board = document.querySelector('section[aria-label="Board"]');
  if (!board) return false;
  const columns = [...board.querySelectorAll(":scope section[aria-label]")];
  if (columns.length === 0) return false;
  const shown = columns.every((column) => {
    const card = column.querySelector("li");
    return card !== null && card.getBoundingClientRect().height > 0;
  });
  return shown ? performance.now() : false;
};

export async function openBoard(context: BrowserContext, key: string, cold: boolean) {
  const page = await context.newPage();
  const watch = await watchPage(page, { cacheDisabled: cold });
  const cpuBefore = rendererCpuMs();
  await page.goto(`/projects/${key}`);
  const handle = await page.waitForFunction(EVERY_COLUMN_SHOWN, undefined, {
    polling: "raf",
    timeout: STEP_DEADLINE_MS,
  });
  const renderedMs = (await handle.jsonValue()) as number;
  const rendererMs = rendererCpuMs() - cpuBefore;
  const cpu = await watch.busy();
  await watch.quiet(1_500, STEP_DEADLINE_MS);
  const cards = await page.locator('section[aria-label="Board"] li').count();
  await page.close();
  return { renderedMs, rendererMs, cpu, bytes: watch.bytes, cards };
}

/** In the page: ms since navigation when the settings page (no project data) shows its heading. */
const SETTINGS_SHOWN = () => {
  const heading = document.querySelector("h1");
  return heading?.textContent === "Settings" ? performance.now() : false;
};

/** What any page of the dashboard costs (its code, the app's shell): the floor under the board's figures. */
export async function openSettings(context: BrowserContext) {
  const page = await context.newPage();
  const cpuBefore = rendererCpuMs();
  await page.goto("/settings");
  const handle = await page.waitForFunction(SETTINGS_SHOWN, undefined, { polling: "raf", timeout: STEP_DEADLINE_MS });
  const shownMs = (await handle.jsonValue()) as number;
  const rendererMs = rendererCpuMs() - cpuBefore;
  await page.close();
  return { shownMs, rendererMs };
}

/** In the page: ms since navigation when the graph shows its first node. */
const GRAPH_SHOWN = () => {
  const node = document.querySelector('section[aria-label="Task graph"] a');
  return node !== null && node.getBoundingClientRect().height > 0 ? performance.now() : false;
};

export async function openGraph(context: BrowserContext, key: string) {
  const page = await context.newPage();
  const watch = await watchPage(page, { cacheDisabled: false });
  const cpuBefore = rendererCpuMs();
  await page.goto(`/projects/${key}/graph`);
  const handle = await page.waitForFunction(GRAPH_SHOWN, undefined, { polling: "raf", timeout: STEP_DEADLINE_MS });
  const shownMs = (await handle.jsonValue()) as number;
  const rendererMs = rendererCpuMs() - cpuBefore;
  const cpu = await watch.busy();
  const links = page.locator('section[aria-label="Task graph"] a');
  const nodes = await links.count();
  const widen = page.getByRole("button", { name: "Load more tasks" });
  const canWiden = (await widen.count()) > 0;
  let widenedMs = Number.NaN;
  let widenedTo = nodes;
  if (canWiden) {
    const started = performance.now();
    await widen.click({ timeout: STEP_DEADLINE_MS });
    await page.waitForFunction(
      (before) => document.querySelectorAll('section[aria-label="Task graph"] a').length > before,
      nodes,
      {
        polling: "raf",
        timeout: STEP_DEADLINE_MS,
      },
    );
    widenedMs = performance.now() - started;
    widenedTo = await links.count();
  }
  await page.close();
  return { shownMs, rendererMs, cpu, nodes, canWiden, widenedMs, widenedTo };
}
