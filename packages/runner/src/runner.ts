import { hostname } from "node:os";
import type { MaestroEvent } from "@maestro/domain";
import { createRunnerClient } from "./client";
import { writeMaestroShim } from "./launch";
import { type HeldSession, type SuperviseDeps, messageOf, superviseSession } from "./supervise";
import { hostEnv } from "./env";

/** How long the server holds an idle runner's claim open before answering "nothing yet". */
const CLAIM_WAIT_MS = 25_000;
/** How long a stopping runner waits for the server to let go of its open claim. */
const RELEASE_WAIT_MS = 2_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export interface RunnerOptions {
  serverUrl: string;
  /** The server's token, when it has one (not a session token). */
  token?: string;
  runnerId?: string;
  /** Data directory: prompt files, worktrees and the `maestro` shim live under it. */
  home: string;
  /** Absolute path of the CLI's bin/maestro.js, run by the agents' `maestro` command. */
  maestroBin: string;
  log(line: string): void;
  /** How long a stopped agent gets between SIGTERM and SIGKILL. */
  graceMs?: number;
  heartbeatMs?: number;
  /** Fallback for a missed wake-up event. */
  pollMs?: number;
  /** Where agents' variables are picked from (default the runner's own environment; only a few names are). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface Runner {
  /** Checks the server answers (rejects with the reason if not), then subscribes and claims. */
  start(): Promise<void>;
  /** Stops every agent (SIGTERM, grace, SIGKILL), stores their output, finishes them, disconnects. */
  stop(): Promise<void>;
}

/**
 * Claims queued sessions and supervises their agents. Its claim is held open by the server and
 * answered as a session is queued (a poll restarts the loop after an error); stop requests arrive
 * as `session.updated` and are confirmed with the server before the agent is killed, and
 * heartbeats keep every lease alive.
 */
export function createRunner(options: RunnerOptions): Runner {
  const runnerId = options.runnerId ?? `${hostname()}:${process.pid}`;
  const { client, close } = createRunnerClient(options);
  const held = new Map<string, HeldSession>();
  const timers: Array<ReturnType<typeof setInterval>> = [];
  let unsubscribe = () => {};
  let deps: SuperviseDeps | undefined;
  let claiming: Promise<void> | undefined;
  let isBeating = false;
  let stopped: Promise<void> | undefined;
  let lastError = "";
  const claimAbort = new AbortController();

  // A server that is down would otherwise print the same line every second.
  function report(error: unknown): void {
    const message = messageOf(error);
    if (message !== lastError) options.log(`runner: ${message}`);
    lastError = message;
  }

  /**
   * Claims for as long as the runner runs: each claim is held open by the server (long poll)
   * and answered the moment a session is queued, so no event → request round trip stands
   * between "queued" and "claimed". An answer with nothing well before the wait ran out (the
   * server let go) ends the loop; the poll timer starts it again.
   */
  async function claimLoop(supervise: SuperviseDeps): Promise<void> {
    while (!stopped) {
      const asked = Date.now();
      const claim = await client.runner.claim.mutate(
        { runnerId, waitMs: CLAIM_WAIT_MS },
        { signal: claimAbort.signal },
      );
      lastError = "";
      if (!claim) {
        if (Date.now() - asked < CLAIM_WAIT_MS / 2) return;
        continue;
      }
      const session = superviseSession(claim, supervise);
      held.set(claim.session.id, session);
      void session.done.finally(() => held.delete(claim.session.id));
    }
  }

  /** Single-flight: one claim loop at a time; a wake-up while it runs changes nothing. */
  function claimAll(): void {
    if (stopped || !deps || claiming) return;
    claiming = claimLoop(deps)
      // The claim a stopping runner abandons is not an error worth a line.
      .catch((error: unknown) => (stopped ? undefined : report(error)))
      .finally(() => (claiming = undefined));
  }

  /** Keeps leases alive and kills what the server says must stop (asked to, or no longer ours). */
  async function heartbeat(sessions: HeldSession[]): Promise<void> {
    if (!sessions.length) return;
    const leases = sessions.map(({ claim }) => ({ sessionId: claim.session.id, lease: claim.lease }));
    const { stop } = await client.runner.heartbeat.mutate({ runnerId, sessions: leases });
    for (const sessionId of stop) held.get(sessionId)?.stop();
  }

  function beat(): void {
    if (isBeating) return;
    isBeating = true;
    heartbeat([...held.values()])
      .catch(report)
      .finally(() => (isBeating = false));
  }

  function onEvent(event: MaestroEvent): void {
    if (event.kind !== "session.created" && event.kind !== "session.updated") return;
    if (event.payload.session.status === "queued") claimAll();
    // A stop request is confirmed with the server before anything is killed (a replayed old
    // event must never stop a newer attempt); other updates need no call at all.
    const session =
      event.kind === "session.updated" && event.payload.session.stopRequested ? held.get(event.entityId) : undefined;
    if (session && !session.isStopRequested) heartbeat([session]).catch(report);
  }

  return {
    async start() {
      // A wrong address or token fails here, with the reason, rather than in a retry loop.
      await client.runner.heartbeat.mutate({ runnerId, sessions: [] });
      const binDir = writeMaestroShim({ home: options.home, maestroBin: options.maestroBin });
      deps = {
        client,
        graceMs: options.graceMs ?? 5_000,
        log: options.log,
        launch: { home: options.home, binDir, source: options.env ?? hostEnv() },
      };
      // Session events only: the runner has no use for the rest of the project's changes.
      const subscription = client.session.onChanged.subscribe(
        {},
        { onData: ({ data }) => onEvent(data), onError: report },
      );
      unsubscribe = () => subscription.unsubscribe();
      timers.push(setInterval(claimAll, options.pollMs ?? 1_000), setInterval(beat, options.heartbeatMs ?? 5_000));
      claimAll();
    },
    stop() {
      stopped ??= (async () => {
        timers.forEach(clearInterval);
        unsubscribe();
        if (claiming) {
          // The open claim is answered with nothing (sent on the same socket, so after it); if the
          // server does not answer soon, the runner stops waiting for it anyway.
          await Promise.race([client.runner.release.mutate({ runnerId }).catch(() => {}), delay(RELEASE_WAIT_MS)]);
          claimAbort.abort();
          await claiming;
        }
        const sessions = [...held.values()];
        for (const session of sessions) session.interrupt("the runner shut down while the agent ran");
        await Promise.all(sessions.map((session) => session.done));
        close();
      })();
      return stopped;
    },
  };
}
