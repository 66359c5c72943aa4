import { type AgentEvent, type FinishInput, type LogFields, messageOf } from "@maestro/domain";
import { TRPCClientError } from "@trpc/client";
import type { AgentReaper } from "./agent-reaper";
import type { RunnerClient } from "./client";
import type { Exit } from "./collect-output";
import { deliver } from "./deliver";
import type { LandingApi } from "./landing-api";
import type { Claim, LaunchOptions, LaunchedAgent } from "./launch";
import type { OutputBatcher } from "./output-batcher";
import type { OutputChunk } from "./output-queue";
import { stopProcessGroup } from "./process-group";
import { isUnsent } from "./server-pool";

export interface SuperviseDeps {
  client: RunnerClient;
  launch: LaunchOptions;
  graceMs: number;
  /** The runner's log; a session's lines carry its id (`sessionId`) for structured logs. */
  log(line: string, fields?: LogFields): void;
  /** Stops the groups of a runner that dies without stopping them (absent where no runner process holds them). */
  reaper?: AgentReaper;
  /** Aborted once a stopping runner has waited long enough: undelivered reports are then given up (absent: never). */
  giveUp?: AbortSignal;
  /** The runner's own credential: hidden from sessions' output like their own tokens. */
  runnerToken?: string;
  /** The runner has another server to move to when this one stops answering. */
  canFailOver?: boolean;
  /** The server's landing calls (default: over `client`); a remote project's diff goes through it. */
  landing?: LandingApi;
}

/** A claimed session this runner holds, from launch to finish. */
export interface HeldSession {
  readonly claim: Claim;
  readonly isStopRequested: boolean;
  /** Stops the agent's whole process group (now, or as soon as it has started). */
  stop(reason?: string): void;
  /**
   * Stops it because the runner is going away (with its server, when `isServerStopping`): the
   * session ends `interrupted`, resumable.
   */
  interrupt(reason: string, isServerStopping?: boolean): void;
  /** Settles once the session has been finished on the server. */
  readonly done: Promise<void>;
  /** The process group running for it now (agent, set-up or check), if any: what memory is measured of. */
  readonly pgid: number | undefined;
  /** The highest memory its process tree was seen using, MiB (undefined until measured). */
  readonly peakRssMb: number | undefined;
  /** Records one measurement of its process tree's memory. */
  noteRss(mb: number): void;
}

/** What the steps of one supervised session share; a stop may arrive between any two of them. */
export interface SessionState {
  readonly claim: Claim;
  readonly deps: SuperviseDeps;
  readonly ids: { sessionId: string; lease: number };
  /** How the runner's own log lines name the session. */
  readonly label: string;
  agent?: LaunchedAgent;
  /** The process group running now (the agent, a set-up or a check): what a stop stops. */
  group?: { pgid: number; name: string };
  /** Where the output of what runs now goes (and the runner's notes about it). */
  batcher?: OutputBatcher;
  /** Set once the group is being stopped: stopped once, awaited before the session finishes. */
  stopping?: Promise<unknown>;
  stopReason: string | null;
  isStopRequested: boolean;
  isInterrupted: boolean;
  isServerStopping: boolean;
  /** The highest memory its process trees were seen using, MiB. */
  peakRssMb?: number;
  /** The agent has exited: its last output is sent until the server takes it, like its end. */
  isWrappingUp?: boolean;
}

export function createSessionState(claim: Claim, deps: SuperviseDeps): SessionState {
  const sessionId = claim.session.id;
  return {
    claim,
    deps: { ...deps, log: (line, fields) => deps.log(line, { sessionId, ...fields }) },
    ids: { sessionId, lease: claim.lease },
    label: `session ${claim.session.id.slice(0, 8)}`,
    stopReason: null,
    isStopRequested: false,
    isInterrupted: false,
    isServerStopping: false,
  };
}

/**
 * What no output of the session may carry: its own token (in its agent's, set-up's and checks'
 * environment) and the runner's. They are replaced before output leaves the runner.
 */
export function secretsOf(state: SessionState): string[] {
  return [state.claim.token, state.deps.runnerToken].filter((token): token is string => !!token);
}

/** The server answered with an error (as opposed to not being reached at all). */
function isRefusal(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { code?: unknown } | undefined)?.code !== undefined;
}

/** Stops the running process group once; before anything runs there is nothing to stop yet. */
export function terminateGroup(state: SessionState, note: string): Promise<unknown> {
  if (state.group === undefined || state.stopping) return state.stopping ?? Promise.resolve();
  state.batcher?.note(`[maestro] ${note}`);
  state.stopping = stopProcessGroup(state.group.pgid, { graceMs: state.deps.graceMs });
  return state.stopping;
}

/** The first reason given is the one the session ends with. */
export function requestStop(state: SessionState, reason?: string): void {
  state.isStopRequested = true;
  state.stopReason ??= reason ?? null;
  void terminateGroup(
    state,
    `stopping ${state.group?.name ?? "the agent"} (${reason ?? "stop requested"}): SIGTERM, then SIGKILL after ${state.deps.graceMs} ms`,
  );
}

export function sendLog(state: SessionState, chunks: OutputChunk[], events: AgentEvent[]): Promise<unknown> {
  const send = (signal?: AbortSignal) =>
    state.deps.client.runner.log.mutate({ ...state.ids, chunks, ...(events.length > 0 ? { events } : {}) }, { signal });
  // While the agent runs a lost batch is only a gap; its last words go with its end, so they are kept as firmly.
  if (state.isWrappingUp) return deliverFor(state, "its last output", send);
  // With a server to move to, a batch no server received goes to the next one; one a server may
  // have stored (no answer in time, a dropped connection) is let go: a gap rather than a duplicate.
  return state.deps.canFailOver ? deliverFor(state, "its output", send, isUnsent) : send();
}

const NEVER = new AbortController().signal;

/** Sends until the server takes it or definitely refuses it (see `deliver`), or until `retryIf` declines. */
function deliverFor(
  state: SessionState,
  what: string,
  call: (signal: AbortSignal) => Promise<unknown>,
  retryIf?: (error: unknown) => boolean,
) {
  const { log, giveUp = NEVER } = state.deps;
  return deliver(call, { what, label: state.label, log, giveUp, ...(retryIf ? { retryIf } : {}) });
}

export async function reportStarted(state: SessionState, agent: LaunchedAgent): Promise<void> {
  const { cwd, worktreePath, branch, baseCommit, argv, envNames, spawnedAt } = agent;
  await state.deps.client.runner.started
    .mutate({ ...state.ids, pid: agent.pgid, cwd, worktreePath, branch, baseCommit, argv, envNames, spawnedAt })
    .catch((error: unknown) => {
      // Refused (its lease is gone, it was stopped meanwhile): it must not run. Unheard (the
      // connection dropped): it runs on; heartbeats tell the runner if the server disagrees.
      if (isRefusal(error)) requestStop(state, `the server refused it: ${messageOf(error)}`);
      else state.deps.log(`${state.label}: could not report its start: ${messageOf(error)}`);
    });
}

/** What a worktree session's finish adds once its agent succeeded: its commit, files and checks. */
export type WorkReport = Pick<FinishInput, "headCommit" | "changedFiles" | "checks">;

export async function finishSession(
  state: SessionState,
  exit: Exit,
  { error, work, isSpawnFailure }: { error: string | null; work?: WorkReport; isSpawnFailure?: boolean },
): Promise<void> {
  const input = {
    ...state.ids,
    exitCode: exit.code,
    signal: exit.signal,
    error,
    ...(state.isInterrupted ? { interrupted: true } : {}),
    ...(state.isServerStopping ? { isServerStopping: true } : {}),
    ...(isSpawnFailure ? { spawnFailed: true } : {}),
    ...(state.peakRssMb !== undefined ? { peakRssMb: state.peakRssMb } : {}),
    ...work,
  };
  // A lost end would leave the session live for the next server to run again (R2): it is kept until heard.
  await deliverFor(state, "its end", (signal) => state.deps.client.runner.finish.mutate(input, { signal }));
}
