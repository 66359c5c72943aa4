import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startServeChild } from "./live";

// Issue 15 (group commit): writes from many connections share one COMMIT. Every create the
// server acknowledged must survive kill -9 of the real `maestro serve`, whatever group it was in.

let home: string;
let url: string;
const servers: ChildProcess[] = [];

async function serve(port: number): Promise<ChildProcess> {
  return (await startServeChild({ port, home, children: servers })).child;
}

async function call<T>(kind: "query" | "mutation", path: string, input: unknown): Promise<T> {
  const headers = { authorization: `Bearer ${readFileSync(join(home, "token"), "utf8").trim()}` };
  const res =
    kind === "query"
      ? await fetch(`${url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
      : await fetch(`${url}/trpc/${path}`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify(input),
        });
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!res.ok || !body.result) throw new Error(`${path}: ${res.status} ${body.error?.message ?? ""}`);
  return body.result.data;
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "maestro-group-kill9-"));
  url = `http://127.0.0.1:${await freePort()}`;
});

afterAll(() => {
  for (const child of servers) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  rmSync(home, { recursive: true, force: true });
});

describe("kill -9 of maestro serve while 10 connections create tasks", () => {
  it("keeps every acknowledged create, whole, after a restart", async () => {
    const port = Number(new URL(url).port);
    const first = await serve(port);
    const project = await call<{ id: string }>("mutation", "project.create", { name: "G", rootDir: home, key: "GK" });
    const acked: Array<{ id: string; key: string; title: string }> = [];
    let isKilled = false;
    const worker = async (n: number) => {
      for (let i = 0; !isKilled; i++) {
        const title = `w${n} #${i}`;
        try {
          const task = await call<{ id: string; key: string }>("mutation", "task.create", {
            projectId: project.id,
            title,
          });
          acked.push({ id: task.id, key: task.key, title });
        } catch {
          return; // the server is gone: this create was never acknowledged
        }
        if (acked.length >= 150 && !isKilled) {
          isKilled = true;
          first.kill("SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: 10 }, (_, n) => worker(n)));
    const hasExited = () => first.exitCode !== null || first.signalCode !== null;
    await new Promise((resolve) => (hasExited() ? resolve(null) : first.once("exit", resolve)));
    expect(first.signalCode).toBe("SIGKILL");
    expect(acked.length).toBeGreaterThanOrEqual(150);

    await serve(port);
    for (const write of acked) {
      const task = await call<{ key: string; title: string }>("query", "task.byId", { id: write.id });
      expect(task, write.key).toMatchObject({ key: write.key, title: write.title });
    }
    const events = await call<{ items: Array<{ entityId: string }> }>("query", "event.list", {
      kinds: ["task.created"],
      limit: 500,
    });
    const recorded = new Set(events.items.map((event) => event.entityId));
    for (const write of acked) expect(recorded.has(write.id), `${write.key} has its event`).toBe(true);
  }, 90_000);
});
