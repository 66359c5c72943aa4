import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Task, WebhookDelivery } from "@maestro/domain";
import { afterAll, expect, it } from "vitest";
import { freePort, maestroJson, startServeChild, until } from "./live";
import { type WebhookReceiver, startReceiver } from "./webhook-receiver";

// Issue 14 (webhooks): a delivery in flight when the server is killed (kill -9) is sent once it
// runs again, from the outbox row its event committed with.

const home = mkdtempSync(join(tmpdir(), "maestro-webhook-kill-"));
const children: ChildProcess[] = [];
let receiver: WebhookReceiver | undefined;

async function serve(port: number): Promise<ChildProcess> {
  return (await startServeChild({ port, home, children })).child;
}

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await receiver?.close();
  rmSync(home, { recursive: true, force: true });
});

// Two server starts and a dozen CLI processes: far past vitest's 5 s default on a busy machine.
it("sends after a kill -9 the delivery that was in flight", { timeout: 60_000 }, async () => {
  receiver = await startReceiver();
  receiver.replies.push("hang");
  const port = await freePort();
  const server = { url: `http://127.0.0.1:${port}`, home };
  const first = await serve(port);
  await maestroJson(server, "project", "create", "Killed", "--dir", home, "--key", "KIL");
  await maestroJson(server, "project", "update", "KIL", "--webhook", receiver.url, "--notify", "failed");
  const task = await maestroJson<Task>(server, "task", "create", "Survive", "--project", "KIL");
  await maestroJson(server, "task", "update", task.key, "--status", "failed");
  await until("the first attempt, left hanging", () => receiver!.received[0], 15_000);
  first.kill("SIGKILL");
  await new Promise((resolve) => first.once("exit", resolve));
  await serve(port);
  const resent = await until("the delivery after the restart", () => receiver!.received[1], 15_000);
  expect(JSON.parse(resent.body)).toMatchObject({ event: "failed", task: { key: task.key, title: "Survive" } });
  const [delivery] = await until("recorded delivered", async () => {
    const list = await maestroJson<WebhookDelivery[]>(server, "project", "webhooks", "KIL");
    return list[0]?.status === "delivered" ? list : undefined;
  });
  expect(delivery).toMatchObject({ attempts: 1, lastStatusCode: 200 });
});
