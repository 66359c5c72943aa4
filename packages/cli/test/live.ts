// Helpers for tests that drive real `maestro` processes: free ports, waiting, and JSON commands.
import { createServer } from "node:net";
import { expect } from "vitest";
import type { Io } from "../src/output";
import { runCli } from "../src/program";

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Polls `probe` every 50 ms until it returns a value, or fails naming `what`. */
export async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Runs `maestro <argv> --json` against the server at `url` whose home is `home`, expecting
 * success, and returns its JSON. No token is given: the CLI reads `<home>/token`.
 */
export async function maestroJson<T>(server: { url: string; home: string }, ...argv: string[]): Promise<T> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  const code = await runCli([...argv, "--json"], io, { MAESTRO_URL: server.url, MAESTRO_HOME: server.home });
  expect(err.join("\n")).toBe("");
  expect(code).toBe(0);
  return JSON.parse(out.join("\n")) as T;
}
