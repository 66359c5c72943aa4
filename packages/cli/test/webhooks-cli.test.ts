import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Project, Task, WebhookDelivery } from "@maestro/domain";
import { type RunningServer, type ServerOptions, startServer } from "@maestro/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Io } from "../src/output";
import { runCli } from "../src/program";
import { until } from "./live";
import { type WebhookReceiver, startReceiver } from "./webhook-receiver";

// Issue 14 (webhooks): deliveries reach a real receiver on loopback, signed, retried, recorded,
// never slowing the API, never showing the secret, and surviving a restart.

const SECRET = "s3cret-webhook-value-0123";
/** Short poll, timeout and backoff so retries happen within a test. */
const FAST: ServerOptions["webhooks"] = { pollMs: 50, timeoutMs: 1_500, backoffMs: () => 100 };

let home: string;
let server: RunningServer;
const logs: string[] = [];
const receivers: WebhookReceiver[] = [];

async function start(dir: string, webhooks = FAST): Promise<RunningServer> {
  return await startServer({ home: dir, host: "127.0.0.1", port: 0, log: (line) => logs.push(line), webhooks });
}

async function run(target: RunningServer, dir: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  const code = await runCli(argv, io, { MAESTRO_URL: target.url, MAESTRO_HOME: dir });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

async function json<T>(...argv: string[]): Promise<T> {
  const result = await run(server, home, ...argv, "--json");
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

async function receiver(): Promise<WebhookReceiver> {
  const started = await startReceiver();
  receivers.push(started);
  return started;
}

let projects = 0;
/** A fresh project whose webhook (signed with SECRET) is told when a task fails. */
async function projectWithWebhook(url: string): Promise<Project> {
  const key = `WH${++projects}`;
  const secretFile = join(home, `secret-${key}`);
  writeFileSync(secretFile, `${SECRET}\n`);
  await json("project", "create", `Hooks ${key}`, "--dir", home, "--key", key);
  return json<Project>(
    "project",
    "update",
    key,
    "--webhook",
    url,
    "--webhook-secret-file",
    secretFile,
    "--notify",
    "failed,review",
  );
}

async function failTask(project: Project, title = "Ship it"): Promise<Task> {
  const task = await json<Task>("task", "create", title, "--project", project.key);
  await json("task", "update", task.key, "--status", "failed");
  return task;
}

async function deliveries(project: Project): Promise<WebhookDelivery[]> {
  return json<WebhookDelivery[]>("project", "webhooks", project.key);
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "maestro-webhooks-"));
  server = await start(home);
});

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

afterAll(async () => {
  await server?.close();
  rmSync(home, { recursive: true, force: true });
});

describe("project webhooks", () => {
  it("POSTs the event as JSON with a valid signature and lists it delivered", async () => {
    const hook = await receiver();
    const project = await projectWithWebhook(hook.url);
    const task = await failTask(project);
    const request = await until("the delivery", () => hook.received[0]);
    const body = JSON.parse(request.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      event: "failed",
      project: { key: project.key, name: project.name },
      task: { key: task.key, title: "Ship it" },
      sessionId: null,
      url: `${server.url}/projects/${project.key}/list?task=${task.key}`,
    });
    expect(body.text).toBe(`[${project.key}] a task failed ${task.key} “Ship it”`);
    const expected = createHmac("sha256", SECRET).update(request.body).digest("hex");
    expect(request.headers["x-maestro-signature"]).toBe(`sha256=${expected}`);
    const [delivery] = await until("delivered", async () => {
      const list = await deliveries(project);
      return list[0]?.status === "delivered" ? list : undefined;
    });
    expect(delivery).toMatchObject({ event: "failed", attempts: 1, lastStatusCode: 200 });
    expect(request.headers["x-maestro-delivery"]).toBe(delivery!.id);
  });

  it("retries a receiver that fails twice and records it delivered on the third attempt", async () => {
    const hook = await receiver();
    hook.replies.push(500, 503);
    const project = await projectWithWebhook(hook.url);
    await failTask(project);
    const [delivery] = await until("delivered after retries", async () => {
      const list = await deliveries(project);
      return list[0]?.status === "delivered" ? list : undefined;
    });
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3, lastStatusCode: 200 });
    expect(hook.received).toHaveLength(3);
    const table = await run(server, home, "project", "webhooks", project.key);
    expect(table.stdout).toMatch(/failed\s+delivered\s+3\s+200/);
  });

  it("never follows a redirect, and gives up as failed after five attempts", async () => {
    const hook = await receiver();
    hook.replies.push(302, 302, 302, 302, 302);
    const project = await projectWithWebhook(hook.url);
    await failTask(project);
    const [delivery] = await until("given up", async () => {
      const list = await deliveries(project);
      return list[0]?.status === "failed" ? list : undefined;
    });
    expect(delivery).toMatchObject({ attempts: 5, lastStatusCode: 302, nextAttemptAt: null });
    expect(delivery!.lastError).toContain("redirect not followed");
    expect(hook.received).toHaveLength(5);
  });

  it("keeps answering API calls while a receiver hangs, then records the timeout", async () => {
    const hook = await receiver();
    hook.replies.push("hang");
    const project = await projectWithWebhook(hook.url);
    await failTask(project);
    await until("the hanging request", () => hook.received[0]);
    const started = Date.now();
    for (let i = 0; i < 5; i++) await json("project", "list");
    await failTask(project, "Another");
    expect(Date.now() - started).toBeLessThan(1_000);
    const failed = await until("the timeout recorded", async () => {
      const list = await deliveries(project);
      return list.find((d) => d.lastError?.includes("no answer within"));
    });
    expect(failed.lastStatusCode).toBeNull();
  });

  it("delivers another project's events while one project's receiver hangs", async () => {
    const dead = await receiver();
    dead.replies.push("hang", "hang", "hang", "hang");
    const stuck = await projectWithWebhook(dead.url);
    for (const title of ["One", "Two", "Three"]) await failTask(stuck, title);
    await until("the hanging requests", () => dead.received[1]);
    const live = await receiver();
    const other = await projectWithWebhook(live.url);
    const started = Date.now();
    await failTask(other);
    await until("the other project's delivery", () => live.received[0]);
    // Well inside the 1.5 s the hanging ones are given: it did not wait for them.
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("never shows the secret: project show says only that one is set, and logs leave it out", async () => {
    const hook = await receiver();
    const project = await projectWithWebhook(hook.url);
    const shown = await run(server, home, "project", "show", project.key, "--json");
    expect(shown.stdout).not.toContain(SECRET);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      webhook: { url: hook.url, notify: ["failed", "review"], secretSet: true },
    });
    const human = await run(server, home, "project", "show", project.key);
    expect(human.stdout).not.toContain(SECRET);
    expect(human.stdout).toContain("signed");
    await failTask(project);
    await until("the delivery", () => hook.received[0]);
    expect(logs.join("\n")).not.toContain(SECRET);
  });

  it("refuses a URL that is not http(s), naming the flag", async () => {
    await json("project", "create", "Bad hook", "--dir", home, "--key", "BADHOOK");
    const result = await run(server, home, "project", "update", "BADHOOK", "--webhook", "ftp://example.com/x");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--webhook");
    expect(result.stderr).toContain("http:// or https:// URL");
    const tooLong = await run(
      server,
      home,
      "project",
      "update",
      "BADHOOK",
      "--webhook",
      `https://x.test/${"a".repeat(2100)}`,
    );
    expect(tooLong.code).toBe(2);
    const badEvent = await run(
      server,
      home,
      "project",
      "update",
      "BADHOOK",
      "--webhook",
      "https://x.test/",
      "--notify",
      "everything",
    );
    expect(badEvent.code).toBe(2);
    expect(badEvent.stderr).toContain("--notify");
  });

  it("clears a webhook with --webhook none", async () => {
    const hook = await receiver();
    const project = await projectWithWebhook(hook.url);
    const cleared = await json<{ webhook: unknown }>("project", "update", project.key, "--webhook", "none");
    expect(cleared.webhook).toBeNull();
    await failTask(project);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hook.received).toHaveLength(0);
    expect(await deliveries(project)).toEqual([]);
  });
});

describe("a delivery pending when the server stops", () => {
  it("is sent after the restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "maestro-webhooks-restart-"));
    const hook = await receiver();
    hook.replies.push("hang");
    // A long timeout: the first server stops while its attempt is still waiting for an answer.
    let first: RunningServer | undefined = await start(dir, { ...FAST, timeoutMs: 60_000 });
    try {
      const use = (...argv: string[]) => run(first!, dir, ...argv, "--json");
      await use("project", "create", "Restart", "--dir", dir, "--key", "RST");
      await use("project", "update", "RST", "--webhook", hook.url, "--notify", "failed");
      const created = await use("task", "create", "Survive", "--project", "RST");
      const task = JSON.parse(created.stdout) as Task;
      await use("task", "update", task.key, "--status", "failed");
      await until("the first attempt", () => hook.received[0]);
      await first.close();
      first = undefined;
      const second = await start(dir);
      try {
        await until("the delivery after the restart", () => hook.received[1]);
        const listed = await run(second, dir, "project", "webhooks", "RST", "--json");
        const list = JSON.parse(listed.stdout) as WebhookDelivery[];
        await until("delivered", async () => {
          const again = JSON.parse(
            (await run(second, dir, "project", "webhooks", "RST", "--json")).stdout,
          ) as WebhookDelivery[];
          return again[0]?.status === "delivered" ? again : undefined;
        });
        expect(list).toHaveLength(1);
        expect(JSON.parse(hook.received[1]!.body)).toMatchObject({ event: "failed", task: { key: task.key } });
      } finally {
        await second.close();
      }
    } finally {
      await first?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
