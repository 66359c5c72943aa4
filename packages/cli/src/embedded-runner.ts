import { type ChildProcess, spawn } from "node:child_process";
import { messageOf } from "@maestro/domain";
import type { RunnerMessage } from "./commands/runner";
import { inheritedEnv } from "./env";

export interface EmbeddedRunnerOptions {
  serverUrl: string;
  token: string | undefined;
  home: string;
  maestroBin: string;
  log(line: string): void;
  /** How long a stopping runner may take (its agents' grace period, and their last reports). */
  stopTimeoutMs?: number;
}

export interface EmbeddedRunner {
  /** Stops the runner (its agents are stopped, their sessions end `interrupted`), then resolves. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const RESTART_DELAYS_MS = [500, 1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * `serve`'s runner, as its own process (`maestro runner`): spawning agents forks a process, and
 * forking the server would copy its memory map and stall it; apart, the two also use both cores.
 * It talks to the server through the API like any runner, starts before `serve` says it is up,
 * is restarted if it dies, and dies with `serve` (its IPC channel closes).
 */
export async function startEmbeddedRunner(options: EmbeddedRunnerOptions): Promise<EmbeddedRunner> {
  let child: ChildProcess | undefined;
  let isStopping = false;
  /** Restarts only once the first runner was up: a runner that cannot start fails `serve`. */
  let isSupervising = false;
  let restarts = 0;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;

  function launch(): Promise<void> {
    // Secrets travel in the environment, never on a command line `ps` shows.
    const env: NodeJS.ProcessEnv = { ...inheritedEnv(), MAESTRO_URL: options.serverUrl };
    delete env.MAESTRO_TOKEN;
    delete env.MAESTRO_SESSION_ID;
    delete env.MAESTRO_PROJECT_ID;
    if (options.token) env.MAESTRO_TOKEN = options.token;
    const spawned = spawn(process.execPath, [options.maestroBin, "runner", "--home", options.home], {
      env,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child = spawned;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        spawned.kill("SIGKILL");
        reject(new Error(`it did not connect within ${READY_TIMEOUT_MS / 1000} s`));
      }, READY_TIMEOUT_MS);
      spawned.on("message", (message: RunnerMessage) => {
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
        if (!isSupervising || isStopping || child !== spawned) return;
        // A runner that died is replaced; its sessions are the server's to interrupt (lease expiry).
        const delay = RESTART_DELAYS_MS[Math.min(restarts++, RESTART_DELAYS_MS.length - 1)]!;
        options.log(`runner: exited (${signal ?? `code ${code}`}); starting a new one in ${delay / 1000} s`);
        restartTimer = setTimeout(() => {
          launch().then(
            () => (restarts = 0),
            (error: unknown) => options.log(`runner: could not restart: ${messageOf(error)}`),
          );
        }, delay);
      });
    });
  }

  await launch();
  isSupervising = true;
  return {
    async stop() {
      isStopping = true;
      clearTimeout(restartTimer);
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGTERM");
      const timer = setTimeout(() => running.kill("SIGKILL"), options.stopTimeoutMs ?? 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
