// The real `maestro serve` (server + embedded runner, as `npm start` runs it) as its own process,
// in a home that outlives it, so a trial can kill -9 it and start it again on the same data.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CreateTRPCClient, createTRPCClient, httpLink } from "@trpc/client";
import type { AppRouter } from "@maestro/server";
import { childEnv } from "./env";

export const MAESTRO_BIN = fileURLToPath(new URL("../packages/cli/bin/maestro.js", import.meta.url));

/** A port nothing listens on now, for a server started in another process. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A fresh home for one promise's trials (removed by `removeHome`). */
export function makeHome(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `maestro-chaos-${prefix}-`));
}

export function removeHome(home: string): void {
  rmSync(home, { recursive: true, force: true });
}

export interface ServeOptions {
  home: string;
  /** Reuse a port across restarts so clients and the runner find it again (default: a free one). */
  port?: number;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** Milliseconds to wait until it is up: /healthz answers and serve says it is running (default 20 s). */
  readyMs?: number;
  /** Runs the server alone (fixtures/server-only.ts, no embedded runner) with this lease, instead of `maestro serve`. */
  serverOnly?: { leaseMs: number };
}

const SERVER_ONLY = fileURLToPath(new URL("./fixtures/server-only.ts", import.meta.url));

/** Node's arguments for the process under test: `maestro serve`, or the server alone. */
function serverArgv(options: ServeOptions, port: number): string[] {
  if (options.serverOnly) {
    return ["--import", "tsx", SERVER_ONLY, options.home, String(port), String(options.serverOnly.leaseMs)];
  }
  return [MAESTRO_BIN, "serve", "--port", String(port), "--home", options.home];
}

export interface Serve {
  url: string;
  port: number;
  home: string;
  /** The owner token the server keeps in its home. */
  token: string;
  child: ChildProcess;
  pid: number;
  /** The last 16 KB of its stderr. */
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<number | string | null>;
  /** kill -9, now; resolves once it has exited. */
  crash(): Promise<number | string | null>;
}

export async function startServe(options: ServeOptions): Promise<Serve> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, serverArgv(options, port), {
    stdio: ["ignore", "pipe", "pipe"],
    env: childEnv(options.env),
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-16_000)));
  // serve says it is running once its runner is up too; /healthz answers before that.
  let isUp = options.serverOnly !== undefined;
  child.stdout!.on("data", (chunk: Buffer) => (isUp ||= chunk.toString().includes("Maestro is running")));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal)),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`maestro serve exited (${child.exitCode ?? child.signalCode}): ${stderr.slice(-2_000)}`);
    }
    const healthy = await fetch(`${url}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy && isUp) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`maestro serve was not up (/healthz and its runner) in time: ${stderr.slice(-2_000)}`);
    }
    await sleep(25);
  }
  const kill = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return {
    url,
    port,
    home: options.home,
    token: readFileSync(join(options.home, "token"), "utf8").trim(),
    child,
    pid: child.pid!,
    stderr: () => stderr,
    exited,
    async stop(graceMs = 10_000) {
      const timer = setTimeout(() => kill("SIGKILL"), graceMs);
      const code = await kill("SIGTERM");
      clearTimeout(timer);
      return code;
    },
    crash: () => kill("SIGKILL"),
  };
}

export type Client = CreateTRPCClient<AppRouter>;

/** A typed client over HTTP with the owner token (queries and mutations; no subscriptions). */
export function ownerClient(serve: Pick<Serve, "url" | "token">): Client {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${serve.url}/trpc`, headers: { authorization: `Bearer ${serve.token}` } })],
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns something other than undefined, or throws after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}
