import { type ChildProcess, spawn } from "node:child_process";
import { messageOf } from "@maestro/domain";
import type { RunnerCredential, RunnerMessage } from "./commands/runner";
import { agentSourceEnv, runnerProcessEnv } from "./env";

// Only `serve` loads this module, and the runner's code with it (docs/architecture.md).
const { BASE_ENV_NAMES } = await import("@maestro/runner");

export interface EmbeddedRunnerOptions {
  serverUrl: string;
  /** The runners' credential (never the owner's): sent over IPC when the runner asks for it. */
  runnerToken: string;
  home: string;
  maestroBin: string;
  log(line: string): void;
  /** The runner logs in the server's format (MAESTRO_LOG_FORMAT), to the same stderr. */
  logFormat?: "text" | "json";
  /** …and its level (MAESTRO_LOG_LEVEL). */
  logLevel?: "debug" | "info" | "warn" | "error";
  /** How long a stopping runner may take (its agents' grace period, and their last reports). */
  stopTimeoutMs?: number;
}

export interface EmbeddedRunner {
  /** Stops the runner (its agents are stopped, their sessions end `interrupted`), then resolves. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const RESTART_DELAYS_MS = [500, 1_000, 2_000, 5_000, 10_000, 30_000];

/** The runner process and what its supervision has come to. */
interface Supervision {
  readonly options: EmbeddedRunnerOptions;
  /** The latest runner started (a replaced one's exit is not this one's). */
  child: ChildProcess | undefined;
  isStopping: boolean;
  /** Restarts only once the first runner was up: a runner that cannot start fails `serve`. */
  isSupervising: boolean;
  restarts: number;
  restartTimer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Secrets travel over the IPC channel, never in the environment or argv: agents can read their
 * runner's /proc/<pid>/environ and everyone can read its command line.
 */
function answerCredentialRequests(spawned: ChildProcess, options: EmbeddedRunnerOptions): void {
  spawned.on("message", (message: RunnerMessage) => {
    if (message.type !== "hello") return;
    const credential: RunnerCredential = { type: "credential", token: options.runnerToken, agentEnv: agentSourceEnv() };
    spawned.send(credential);
  });
}

/** Resolves when the runner says it is ready; rejects with why it is not (its message, a timeout, its exit). */
function whenReady(spawned: ChildProcess): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      spawned.kill("SIGKILL");
      reject(new Error(`it did not connect within ${READY_TIMEOUT_MS / 1000} s`));
    }, READY_TIMEOUT_MS);
    spawned.on("message", (message: RunnerMessage) => {
      if (message.type === "hello") return;
      clearTimeout(timer);
      if (message.type === "ready") resolve();
      else reject(new Error(message.message.replace(/^could not start the runner: /, "")));
    });
    spawned.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    spawned.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`it exited (${signal ?? `code ${code}`}) before it was ready`));
    });
  });
}

/** A runner that died is replaced, later each time; its sessions are the server's to interrupt (lease expiry). */
function restartAfterExit(state: Supervision, exited: ChildProcess, how: string): void {
  if (!state.isSupervising || state.isStopping || state.child !== exited) return;
  const delay = RESTART_DELAYS_MS[Math.min(state.restarts++, RESTART_DELAYS_MS.length - 1)]!;
  state.options.log(`runner: exited (${how}); starting a new one in ${delay / 1000} s`);
  state.restartTimer = setTimeout(() => {
    launch(state).then(
      () => (state.restarts = 0),
      (error: unknown) => state.options.log(`runner: could not restart: ${messageOf(error)}`),
    );
  }, delay);
}

function launch(state: Supervision): Promise<void> {
  const { options } = state;
  const spawned = spawn(process.execPath, [options.maestroBin, "runner", "--home", options.home], {
    env: {
      ...runnerProcessEnv(options.serverUrl, BASE_ENV_NAMES),
      ...(options.logFormat === "json" ? { MAESTRO_LOG_FORMAT: "json" } : {}),
      ...(options.logLevel ? { MAESTRO_LOG_LEVEL: options.logLevel } : {}),
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  state.child = spawned;
  answerCredentialRequests(spawned, options);
  const ready = whenReady(spawned);
  spawned.once("exit", (code, signal) => restartAfterExit(state, spawned, signal ?? `code ${code}`));
  return ready;
}

/** SIGTERM, and SIGKILL if the runner has not exited within the stop timeout. */
async function stopRunner(state: Supervision): Promise<void> {
  state.isStopping = true;
  clearTimeout(state.restartTimer);
  const running = state.child;
  if (!running || running.exitCode !== null || running.signalCode !== null) return;
  const exited = new Promise((resolve) => running.once("exit", resolve));
  running.kill("SIGTERM");
  const timer = setTimeout(() => running.kill("SIGKILL"), state.options.stopTimeoutMs ?? 20_000);
  await exited;
  clearTimeout(timer);
}

/**
 * `serve`'s runner, as its own process (`maestro runner`): spawning agents forks a process, and
 * forking the server would copy its memory map and stall it; apart, the two also use both cores.
 * It talks to the server through the API like any runner, starts before `serve` says it is up,
 * is restarted if it dies, and dies with `serve` (its IPC channel closes).
 */
export async function startEmbeddedRunner(options: EmbeddedRunnerOptions): Promise<EmbeddedRunner> {
  const state: Supervision = {
    options,
    child: undefined,
    isStopping: false,
    isSupervising: false,
    restarts: 0,
    restartTimer: undefined,
  };
  await launch(state);
  state.isSupervising = true;
  return { stop: () => stopRunner(state) };
}
