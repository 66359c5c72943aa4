// P3's two sides, driven alike: a server in its own process (Maestro, or the same-work baseline),
// 50 WebSocket subscribers in this one, and per update the moments it was sent, published and
// received by each subscriber (one clock for all: stamps.ts).
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface, type Interface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { AppRouter } from "@maestro/server";
import type { Task } from "@maestro/domain";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import WebSocket from "ws";
import { benchEnv, childEnv } from "./env";
import { trackChild } from "./serve-process";
import { nowMs } from "./stamps";
import { withDeadline } from "./stats";

export const SUBSCRIBERS = 50;
/** The longest one broadcast (or connecting every subscriber) may take before the bench gives up. */
export const WAIT_DEADLINE_MS = 10_000;
/** How long a server process gets to start and print where it listens. */
const START_DEADLINE_MS = 20_000;

export interface ServerChild {
  child: ChildProcess;
  /** What it printed first (where it listens). */
  info: Record<string, unknown>;
  /** When each title's event was published (Maestro) or its broadcast began (baseline). */
  stamps(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/**
 * Starts `script` (a bench/*.ts) under tsx, with `env` added to this environment; BENCH_PROFILE_DIR=<dir>
 * writes its CPU profile there.
 */
export async function startServerChild(script: string, env: Record<string, string> = {}): Promise<ServerChild> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const profile = benchEnv.profileDir
    ? ["--cpu-prof", "--cpu-prof-interval=100", `--cpu-prof-dir=${benchEnv.profileDir}`]
    : [];
  const child = trackChild(
    spawn(process.execPath, [...profile, "--import", "tsx", path], {
      stdio: ["pipe", "pipe", "inherit"],
      env: childEnv(env),
    }),
  );
  const lines = createInterface({ input: child.stdout! });
  try {
    const info = JSON.parse(await nextLine(lines, child, START_DEADLINE_MS, `${script} starting`)) as Record<
      string,
      unknown
    >;
    return {
      child,
      info,
      async stamps() {
        child.stdin!.write("stamps\n");
        return JSON.parse(await nextLine(lines, child, WAIT_DEADLINE_MS, `${script} stamps`)) as Record<string, number>;
      },
      stop: () => stopChild(child),
    };
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
}

function nextLine(lines: Interface, child: ChildProcess, timeoutMs: number, what: string): Promise<string> {
  const line = new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code, signal) => reject(new Error(`${what}: the process exited (${code ?? signal})`)));
  });
  return withDeadline(line, timeoutMs, what);
}

/** SIGTERM, and the exit waited for (a CPU profile is written as the process exits); SIGKILL past the deadline. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await withDeadline(exited, WAIT_DEADLINE_MS, "a server process stopping", () => child.kill("SIGKILL")).catch(
    () => undefined,
  );
}

/** Who got which title when: every subscriber's receipts, in the order they came. */
export class Arrivals {
  /** Per subscriber, the titles received in order. */
  readonly received: string[][] = Array.from({ length: SUBSCRIBERS }, () => []);
  /** Per title: when each subscriber got it. */
  readonly at = new Map<string, number[]>();
  #waiters = new Map<string, () => void>();

  record(subscriber: number, title: string): void {
    const now = nowMs();
    this.received[subscriber]!.push(title);
    const times = this.at.get(title) ?? [];
    times.push(now);
    this.at.set(title, times);
    if (times.length === SUBSCRIBERS) this.#waiters.get(title)?.();
  }

  /** Resolves once every subscriber has `title` (or rejects at the deadline). */
  allHave(title: string): Promise<void> {
    if (this.at.get(title)?.length === SUBSCRIBERS) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.#waiters.set(title, resolve));
    return withDeadline(done, WAIT_DEADLINE_MS, `${title} reaching all ${SUBSCRIBERS} subscribers`).finally(() =>
      this.#waiters.delete(title),
    );
  }
}

/** 50 tRPC WebSocket clients on `event.onEvent` of the project, as the dashboard subscribes; returns their closer. */
export async function subscribeMaestro(
  info: { url: string; token: string },
  projectId: string,
  arrivals: Arrivals,
): Promise<() => void> {
  const closers: Array<() => void> = [];
  let started = 0;
  const subscribed = new Promise<void>((resolve) => {
    for (let s = 0; s < SUBSCRIBERS; s++) {
      const wsClient = createWSClient({
        url: `${info.url.replace("http", "ws")}/trpc`,
        WebSocket: WebSocket as never,
        connectionParams: { token: info.token },
      });
      const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
      const sub = client.event.onEvent.subscribe(
        { projectId },
        {
          onStarted: () => ++started === SUBSCRIBERS && resolve(),
          onData: ({ data }) => data.kind === "task.updated" && arrivals.record(s, data.payload.task.title),
        },
      );
      closers.push(() => {
        sub.unsubscribe();
        wsClient.close();
      });
    }
  });
  const closeAll = () => closers.splice(0).forEach((close) => close());
  await withDeadline(subscribed, WAIT_DEADLINE_MS * 3, `${SUBSCRIBERS} subscriptions starting`, closeAll);
  return closeAll;
}

/** 50 bare `ws` clients of the baseline, each parsing what it gets (as a tRPC client does); returns their closer. */
export async function subscribeBaseline(port: number, arrivals: Arrivals): Promise<() => void> {
  const sockets: WebSocket[] = [];
  const closeAll = () => sockets.splice(0).forEach((socket) => socket.terminate());
  const opened = Array.from({ length: SUBSCRIBERS }, (_, s) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}`);
    sockets.push(socket);
    socket.on("message", (data) => {
      const event = JSON.parse(String(data)) as { payload: { task: Task } };
      arrivals.record(s, event.payload.task.title);
    });
    return new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
  });
  await withDeadline(Promise.all(opened), WAIT_DEADLINE_MS, "baseline subscribers connecting", closeAll);
  return closeAll;
}

/** The baseline's update: a plain JSON POST, like the tRPC client's (fetch), with a deadline. */
export async function postBaseline(port: number, path: "/seed" | "/update", body: unknown): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(WAIT_DEADLINE_MS),
  });
  if (!response.ok) throw new Error(`baseline ${path}: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}
