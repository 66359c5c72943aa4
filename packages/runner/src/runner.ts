import { hostname } from "node:os";
import type { LogFields } from "@maestro/domain";
import { startAgentReaper } from "./agent-reaper";
import { createRunnerClient } from "./client";
import { type ServerPool, createServerPool, findServer } from "./server-pool";
import { hostEnv } from "./env";
import { type ServerBridge, openServerBridge } from "./server-bridge";
import { writeMaestroShim } from "./launch";
import { claimAll } from "./runner-claims";
import { landingApiOf } from "./landing-api";
import { claimLandings } from "./landing-claims";
import { readAvailableMemoryMb } from "./memory";
import { beat, onSessionEvent, sampleMemory } from "./runner-heartbeat";
import { type RunnerState, reportError } from "./runner-state";

/** How long a stopping runner waits for the server to let go of its open claim. */
const RELEASE_WAIT_MS = 2_000;

/**
 * How long a stopping runner keeps trying to deliver its sessions' ends (beyond its agents'
 * grace period) to a server that does not answer: stopping must end, and serve's own runner is
 * killed after 20 s anyway. What is not delivered by then is left to the server's lease.
 */
const DELIVERY_WAIT_MS = 10_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export interface RunnerOptions {
  /** The server to work for, or several: the first that answers, and the next when it stops answering. */
  serverUrl: string | readonly string[];
  /** The runners' credential (`<home>/runner-token` of the server) or the owner's; never a session token. */
  token?: string;
  runnerId?: string;
  /** Data directory: prompt files, worktrees and the `maestro` shim live under it. */
  home: string;
  /** Absolute path of the CLI's bin/maestro.js, run by the agents' `maestro` command. */
  maestroBin: string;
  log(line: string, fields?: LogFields): void;
  /** How long a stopped agent gets between SIGTERM and SIGKILL. */
  graceMs?: number;
  heartbeatMs?: number;
  /** How long stop() waits for undelivered session ends beyond the grace period (default 10 s). */
  deliveryWaitMs?: number;
  /** With several servers: how long a call may go unanswered before the next server is tried (default 10 s). */
  callTimeoutMs?: number;
  /** Fallback for a missed wake-up event. */
  pollMs?: number;
  /** How often each session's process tree is measured for its peak memory (default 2 s). */
  memorySampleMs?: number;
  /** This machine's available memory, MiB (default MemAvailable from /proc/meminfo). */
  readAvailableMemoryMb?: () => number;
  /** Where agents' variables are picked from (default the runner's own environment; only a few names are). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface Runner {
  /**
   * Checks a server answers (the first that does; rejects with the reasons if none does, or at
   * once if one refuses the runner), then subscribes and claims.
   */
  start(): Promise<void>;
  /** The server the runner works for now. */
  readonly serverUrl: string;
  /**
   * Stops every agent (SIGTERM, grace, SIGKILL), stores their output, finishes them, disconnects.
   * `isServerStopping`: the runner stops because its server does (`serve` stopping its own runner).
   */
  stop(options?: { isServerStopping?: boolean }): Promise<void>;
}

/** Timers and the event subscription: what a stopping runner must undo first. */
interface Wiring {
  timers: Array<ReturnType<typeof setInterval>>;
  unsubscribe(): void;
  /** With several servers: where agents call the server (closed once they are all done). */
  bridge: ServerBridge | undefined;
}

/** Opens the sessions' claim loop and the land jobs' if they are not running (each is single-flight). */
function claimWork(state: RunnerState): void {
  claimAll(state);
  claimLandings(state);
}

/** Checks a server answers, then subscribes to session events, starts the timers and claims. */
async function startRunner(state: RunnerState, pool: ServerPool, options: RunnerOptions): Promise<Wiring> {
  const { client, runnerId } = state;
  // A wrong address or token fails here, with the reason, rather than in a retry loop.
  await findServer(pool, () =>
    client.runner.heartbeat.mutate({ runnerId, sessions: [], availableMemoryMb: state.readAvailableMemoryMb() }),
  );
  const binDir = writeMaestroShim({ home: options.home, maestroBin: options.maestroBin });
  // Agents outlive a move: their calls go through the runner, on to whichever server it works for.
  const bridge = state.canFailOver ? await openServerBridge(() => pool.current) : undefined;
  const graceMs = options.graceMs ?? 5_000;
  const reaper = startAgentReaper({ graceMs });
  state.deps = {
    client,
    graceMs,
    log: options.log,
    reaper,
    giveUp: state.giveUp.signal,
    ...(options.token ? { runnerToken: options.token } : {}),
    canFailOver: state.canFailOver,
    landing: landingApiOf(client),
    launch: {
      ...{ home: options.home, binDir, source: options.env ?? hostEnv(), maestroBin: options.maestroBin, reaper },
      ...(bridge ? { serverUrl: bridge.url } : {}),
    },
  };
  // Session events only: the runner has no use for the rest of the project's changes.
  const subscription = client.session.onChanged.subscribe(
    {},
    { onData: ({ data }) => onSessionEvent(state, data), onError: (error) => reportError(state, error) },
  );
  const timers = [
    setInterval(() => claimWork(state), options.pollMs ?? 1_000),
    setInterval(() => beat(state), options.heartbeatMs ?? 5_000),
    setInterval(() => sampleMemory(state), options.memorySampleMs ?? 2_000),
  ];
  // On a new server, leases are renewed and a claim opened at once (the failed calls' own timers would wait).
  const stopFollowing = pool.onSwitch(() =>
    setTimeout(() => {
      beat(state);
      claimWork(state);
    }),
  );
  claimWork(state);
  return {
    timers,
    unsubscribe: () => {
      stopFollowing();
      subscription.unsubscribe();
    },
    bridge,
  };
}

/** Lets go of the open claim, interrupts every agent and waits for their sessions to finish. */
async function stopRunner(
  state: RunnerState,
  {
    wiring,
    close,
    isServerStopping,
    deliveryWaitMs,
  }: { wiring: Wiring | undefined; close: () => void; isServerStopping: boolean; deliveryWaitMs: number },
): Promise<void> {
  wiring?.timers.forEach(clearInterval);
  wiring?.unsubscribe();
  if (state.claiming) {
    // The open claim is answered with nothing (sent on the same socket, so after it); if the
    // server does not answer soon, the runner stops waiting for it anyway.
    const release = state.client.runner.release.mutate({ runnerId: state.runnerId }).catch(() => {});
    await Promise.race([release, delay(RELEASE_WAIT_MS)]);
    state.claimAbort.abort();
    await state.claiming;
  }
  // A landing under way is safe to abandon (its intent is recorded before its push); it gets the sessions' time.
  state.landingAbort.abort();
  const landing = state.landing ?? Promise.resolve();
  const sessions = [...state.held.values()];
  const reason = isServerStopping
    ? "the server stopped while the agent ran"
    : "the runner shut down while the agent ran";
  for (const session of sessions) session.interrupt(reason, isServerStopping);
  const finished = Promise.all([...sessions.map((session) => session.done), landing]);
  await Promise.race([finished, delay((state.deps?.graceMs ?? 0) + deliveryWaitMs)]);
  state.giveUp.abort();
  await Promise.all(sessions.map((session) => session.done));
  state.deps?.reaper?.close();
  await wiring?.bridge?.close();
  close();
}

/**
 * Claims queued sessions and supervises their agents. Its claim is held open by the server and
 * answered as a session is queued (a poll restarts the loop after an error); stop requests arrive
 * as `session.updated` and are confirmed with the server before the agent is killed, and
 * heartbeats keep every lease alive.
 */
export function createRunner(options: RunnerOptions): Runner {
  const urls = typeof options.serverUrl === "string" ? [options.serverUrl] : options.serverUrl;
  const pool = createServerPool(urls, options.log);
  const { client, close } = createRunnerClient({
    pool,
    token: options.token,
    ...(options.callTimeoutMs !== undefined ? { callTimeoutMs: options.callTimeoutMs } : {}),
  });
  const state: RunnerState = {
    runnerId: options.runnerId ?? `${hostname()}:${process.pid}`,
    client,
    log: options.log,
    held: new Map(),
    deps: undefined,
    claiming: undefined,
    claimAbort: new AbortController(),
    landing: undefined,
    landingJob: undefined,
    landingAbort: new AbortController(),
    landingPausedUntil: 0,
    isBeating: false,
    giveUp: new AbortController(),
    stopped: undefined,
    lastError: "",
    readAvailableMemoryMb: options.readAvailableMemoryMb ?? readAvailableMemoryMb,
    canFailOver: urls.length > 1,
  };
  let wiring: Wiring | undefined;
  return {
    async start() {
      wiring = await startRunner(state, pool, options);
    },
    get serverUrl() {
      return pool.current;
    },
    stop({ isServerStopping = false } = {}) {
      return (state.stopped ??= stopRunner(state, {
        wiring,
        close,
        isServerStopping,
        deliveryWaitMs: options.deliveryWaitMs ?? DELIVERY_WAIT_MS,
      }));
    },
  };
}
