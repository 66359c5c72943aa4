// What R7's probes share: their fixture, and raw HTTP and WebSocket requests that say whatever
// Host, Origin or token a probe wants.
import { request } from "node:http";
import { WebSocket } from "ws";
import type { ChaosFixture } from "./promise";
import type { World } from "./world";

export interface R7Fixture extends ChaosFixture {
  world: World;
  canary: string;
}

/** A probe: null when the door held, else what got through. */
export type Probe = (fixture: R7Fixture) => Promise<string | null>;

/** One raw HTTP request, with whatever Host and headers the probe wants; its status and body. */
export function rawGet(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The HTTP status a WebSocket upgrade is answered with (101 when it was accepted). */
export function upgradeStatus(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/trpc`, { headers });
    socket.once("open", () => (socket.terminate(), resolve(101)));
    socket.once("unexpected-response", (_req, res) => (socket.terminate(), resolve(res.statusCode ?? 0)));
    socket.once("error", () => resolve(0));
  });
}

export const expectStatus = (what: string, status: number, expected: number) =>
  status === expected ? null : `${what}: answered ${status}, not ${expected}`;

/** The tRPC error code a WebSocket subscription with `token` gets (or "started"). */
export function subscribeWith(port: number, token: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/trpc?connectionParams=1`);
    socket.once("open", () => {
      socket.send(JSON.stringify({ method: "connectionParams", data: { token } }));
      socket.send(JSON.stringify({ id: 1, method: "subscription", params: { path: "event.onEvent", input: {} } }));
    });
    socket.on("message", (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { error?: { data?: { code?: string } }; result?: unknown };
      socket.terminate();
      resolve(message.error?.data?.code ?? "started");
    });
    socket.once("close", () => resolve("closed"));
  });
}
