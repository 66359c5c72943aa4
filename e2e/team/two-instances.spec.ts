import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { AppRouter } from "@maestro/server";
import { type Page, expect, test } from "@playwright/test";
import { createTRPCClient, httpLink } from "@trpc/client";
import { teamEnv, teamServerPids } from "./team-env";

const env = teamEnv();
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const cliMain = join(repoRoot, "packages", "cli", "src", "main.ts");
const fakeAgent = fileURLToPath(new URL("../fixtures/fake-agent.sh", import.meta.url));

/** The real API of one instance, with the owner token both share. */
function apiOf(url: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({ url: `${url}/trpc`, headers: { "x-maestro-actor": "e2e", authorization: `Bearer ${env.token}` } }),
    ],
  });
}
const [one, two] = env.instances.map((instance) => ({ ...instance, api: apiOf(instance.url) })) as [Instance, Instance];
type Instance = (typeof env.instances)[number] & { api: ReturnType<typeof apiOf> };

/** The real `maestro` CLI, as a separate process, talking to one instance. */
async function maestro(instance: Instance, ...args: string[]) {
  return promisify(execFile)(process.execPath, ["--import", "tsx", cliMain, ...args, "--url", instance.url], {
    cwd: repoRoot,
    env: { ...process.env, MAESTRO_HOME: instance.home, MAESTRO_TOKEN: env.token },
  });
}

let counter = 0;
function uniqueKey(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36).slice(-4).toUpperCase()}${counter}`.replace(/[^A-Z0-9]/g, "").slice(0, 10);
}

async function openLive(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole("status", { name: "Connection: Live" })).toBeVisible();
}

/**
 * Which instance's embedded runner holds a session: its id is `serve:<host>:<pid>` (the runner
 * process), and that process is a child of the `maestro serve` the setup started.
 */
function instanceOfRunner(runnerId: string): Instance {
  expect(runnerId, "an embedded runner (EMBEDDED_RUNNER_ID_PREFIX)").toMatch(/^serve:/);
  const pid = Number(runnerId.split(":").at(-1));
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  const index = teamServerPids().indexOf(parent);
  expect(index, `runner ${runnerId} (parent ${parent}) belongs to neither instance`).toBeGreaterThanOrEqual(0);
  return [one, two][index]!;
}

test("a change made through instance 1 appears live in a dashboard connected to instance 2", async ({ page }) => {
  const key = uniqueKey("TEAM");
  await one.api.project.create.mutate({ name: `Team ${key}`, rootDir: `/tmp/${key.toLowerCase()}`, key });
  await openLive(page, `${two.url}/projects/${key}`);
  await expect(page.getByText("No tasks yet")).toBeVisible();
  const card = (column: string, title: string) =>
    page
      .getByRole("region", { name: "Board" })
      .getByRole("region", { name: column })
      .getByRole("link", {
        name: `${key}-1 ${title}`,
      });

  await one.api.task.create.mutate({ projectId: key, title: "Made on instance 1", priority: "high" });
  await expect(card("To do", "Made on instance 1")).toBeVisible();

  // Through the CLI against instance 1 too: an update and a rename move and relabel the card on 2.
  await maestro(one, "task", "update", `${key}-1`, "--status", "done", "--title", "Finished on instance 1");
  await expect(card("Done", "Finished on instance 1")).toBeVisible();
  await expect(card("To do", "Made on instance 1")).toHaveCount(0);

  // And the other way round, on a board open on instance 1.
  const other = await page.context().newPage();
  await openLive(other, `${one.url}/projects/${key}`);
  await two.api.task.create.mutate({ projectId: key, title: "Made on instance 2" });
  await expect(
    other.getByRole("region", { name: "To do" }).getByRole("link", { name: `${key}-2 Made on instance 2` }),
  ).toBeVisible();
});

test("an agent claimed through one instance streams its log live to a viewer on the other", async ({ page }) => {
  const key = uniqueKey("RUN");
  const rootDir = mkdtempSync(join(tmpdir(), "maestro-e2e-team-run-"));
  const goFile = join(rootDir, "go");
  const agent = `fake-${key.toLowerCase()}`;
  await two.api.project.create.mutate({ name: `Run ${key}`, rootDir, key });
  await two.api.agent.add.mutate({
    name: agent,
    adapter: "custom",
    command: [fakeAgent, "done", "{promptFile}", goFile],
  });
  await two.api.task.create.mutate({ projectId: key, title: "Say hello" });

  // Started through instance 2; whichever runner claims it, the viewer is on the instance whose
  // runner did not: the log has to cross from one server to the other through the database.
  const started = await two.api.session.start.mutate({ taskIds: [`${key}-1`], agent });
  let runnerId: string | null = null;
  await expect
    .poll(async () => (runnerId = (await two.api.session.byId.query({ id: started.id })).runnerId), {
      message: "a runner claims the session",
      timeout: 20_000,
    })
    .not.toBeNull();
  const claimer = instanceOfRunner(runnerId!);
  const viewer = claimer === one ? two : one;
  test
    .info()
    .annotations.push({ type: "claimed", description: `claimed by ${claimer.name}, viewed on ${viewer.name}` });

  await openLive(page, `${viewer.url}/sessions/${started.id}`);
  const log = page.getByRole("region", { name: "Session log" });
  await expect(log).toContainText("fake agent starting", { timeout: 20_000 });
  await expect(page.getByRole("status", { name: "Session status: Running" })).toBeVisible({ timeout: 20_000 });
  await expect(log).toContainText("stderr: a warning on stderr");
  // The agent waits for the go file: what comes after it can only arrive live, not on load.
  await expect(log).not.toContainText("bye");
  writeFileSync(goFile, "");

  await expect(page.getByRole("status", { name: "Session status: Succeeded" })).toBeVisible({ timeout: 20_000 });
  await expect(log).toContainText("still working");
  await expect(log).toContainText("bye");
  await expect(page.getByText("Last report").locator("..")).toContainText("finished");
  // The runner stayed with the server it claimed from: nothing moved it.
  expect((await one.api.session.byId.query({ id: started.id })).runnerId).toBe(runnerId);

  const board = await page.context().newPage();
  await openLive(board, `${viewer.url}/projects/${key}`);
  await expect(
    board.getByRole("region", { name: "Done" }).getByRole("link", { name: `${key}-1 Say hello` }),
  ).toBeVisible();
});
