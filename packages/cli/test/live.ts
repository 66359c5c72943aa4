// Helpers for tests that drive real `maestro` processes: free ports, waiting, and JSON commands.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
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

/** The built CLI, as a user runs it. */
export const MAESTRO_BIN = fileURLToPath(new URL("../bin/maestro.js", import.meta.url));

export interface ServeChild {
  child: ChildProcess;
  /** What it has written to stderr so far. */
  stderr: () => string;
}

/**
 * The real `maestro serve` (server + embedded runner) as its own process on `port` with data in
 * `home`, once /healthz answers. It is added to `children`, for the test's afterAll to kill.
 */
export async function startServeChild(options: {
  port: number;
  home: string;
  children: ChildProcess[];
  timeoutMs?: number;
}): Promise<ServeChild> {
  const { port, home } = options;
  const child = spawn(process.execPath, [MAESTRO_BIN, "serve", "--port", String(port), "--home", home], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  options.children.push(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  await until(
    `maestro serve on port ${port}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`maestro serve exited with ${child.exitCode}: ${stderr}`);
      return fetch(`http://127.0.0.1:${port}/healthz`).then(
        (res) => (res.ok ? true : undefined),
        () => undefined,
      );
    },
    options.timeoutMs ?? 20_000,
  );
  return { child, stderr: () => stderr };
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
