import { type IncomingMessage, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ownerClient, useServerPool } from "./live-server";

// The sender looks at its outbox at once after an event that can have queued a delivery, not at
// its next poll (set to a minute here, past this test's timeout), also when other projects' events
// (which cannot queue anything, having no webhook) came just before.

const pool = useServerPool();
const receivers: Array<{ close(): void }> = [];
afterEach(() => receivers.splice(0).forEach((receiver) => receiver.close()));

async function receiver(): Promise<{ url: string; next: Promise<IncomingMessage> }> {
  let deliver: (req: IncomingMessage) => void = () => {};
  const next = new Promise<IncomingMessage>((resolve) => (deliver = resolve));
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(204).end());
    deliver(req);
  });
  receivers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, next };
}

describe("the webhook sender", () => {
  it("delivers right after the write that queued it, long before its next poll", async () => {
    const server = await pool.start({ webhooks: { pollMs: 60_000 } });
    const client = ownerClient(server);
    await client.project.create.mutate({ name: "Quiet", rootDir: pool.home(), key: "QUI" });
    await client.project.create.mutate({ name: "Web", rootDir: pool.home(), key: "WEB" });
    const hook = await receiver();
    await client.webhook.set.mutate({ projectId: "WEB", url: hook.url, notify: ["failed"] });
    const quiet = await client.task.create.mutate({ projectId: "QUI", title: "No hook" });
    await client.task.update.mutate({ id: quiet.id, status: "failed" });
    const task = await client.task.create.mutate({ projectId: "WEB", title: "Hooked" });
    await client.task.update.mutate({ id: task.id, status: "failed" });
    const request = await hook.next;
    expect(request.method).toBe("POST");
    const { items } = await client.webhook.deliveries.query({ projectId: "WEB" });
    expect(items.map((delivery) => delivery.event)).toEqual(["failed"]);
  }, 45_000);
});
