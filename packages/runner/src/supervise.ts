import { type AgentEvent, createOutputParser } from "@maestro/domain";
import { TRPCClientError } from "@trpc/client";
import type { RunnerClient } from "./client";
import { type Claim, type LaunchOptions, type LaunchedAgent, launchAgent } from "./launch";
import { type OutputBatcher, type OutputChunk, createOutputBatcher } from "./output-batcher";
import { isAlive, stopProcessGroup } from "./process-group";

export interface SuperviseDeps {
  client: RunnerClient;
  launch: LaunchOptions;
  graceMs: number;
  log(line: string): void;
}

/** A claimed session this runner holds, from launch to finish. */
export interface HeldSession {
  readonly claim: Claim;
  readonly isStopRequested: boolean;
  /** Stops the agent's whole process group (now, or as soon as it has started). */
  stop(reason?: string): void;
  /** Stops it because the runner is going away: the session ends `interrupted`, resumable. */
  interrupt(reason: string): void;
  /** Settles once the session has been finished on the server. */
  readonly done: Promise<void>;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The server answered with an error (as opposed to not being reached at all). */
function isRefusal(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { code?: unknown } | undefined)?.code !== undefined;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** How long the pipes may stay open after the agent's group is gone (held by a process that escaped it). */
const PIPE_GRACE_MS = 2_000;

/**
 * Feeds stdout/stderr to the batcher; resolves when the agent has exited and its pipes closed.
 * `onExit` may stop what the agent left behind; only then does the pipe grace period start.
 */
function collectOutput(agent: LaunchedAgent, batcher: OutputBatcher, onExit: () => Promise<unknown>): Promise<Exit> {
  const { child } = agent;
  for (const stream of ["stdout", "stderr"] as const) {
    child[stream].on("data", (bytes: Buffer) => batcher.push(stream, bytes));
    child[stream].on("end", () => batcher.end(stream));
  }
  child.once("exit", () => {
    void onExit().then(() => {
      setTimeout(() => [child.stdout, child.stderr].forEach((stream) => stream.destroy()), PIPE_GRACE_MS).unref();
    });
  });
  return new Promise((resolve) => child.once("close", (code, signal) => resolve({ code, signal })));
}

/** Runs one claimed session: launch, report started, stream output, stop on request, finish. */
export function superviseSession(claim: Claim, deps: SuperviseDeps): HeldSession {
  const ids = { sessionId: claim.session.id, lease: claim.lease };
  const label = `session ${claim.session.id.slice(0, 8)}`;
  let agent: LaunchedAgent | undefined;
  let batcher: OutputBatcher | undefined;
  let stopping: Promise<unknown> | undefined;
  let stopReason: string | null = null;
  let isStopRequested = false;
  let isInterrupted = false;

  function terminateGroup(note: string): Promise<unknown> {
    if (!agent || stopping) return stopping ?? Promise.resolve();
    batcher?.note(`[maestro] ${note}`);
    stopping = stopProcessGroup(agent.pgid, { graceMs: deps.graceMs });
    return stopping;
  }

  function stop(reason?: string): void {
    isStopRequested = true;
    stopReason ??= reason ?? null;
    terminateGroup(
      `stopping the agent (${reason ?? "stop requested"}): SIGTERM, then SIGKILL after ${deps.graceMs} ms`,
    );
  }

  async function finish(exit: Exit, error: string | null): Promise<void> {
    await deps.client.runner.finish
      .mutate({
        ...ids,
        exitCode: exit.code,
        signal: exit.signal,
        error,
        ...(isInterrupted ? { interrupted: true } : {}),
      })
      .catch((failure: unknown) => deps.log(`${label}: could not record its end: ${messageOf(failure)}`));
  }

  async function run(): Promise<void> {
    try {
      agent = await launchAgent(claim, deps.launch);
    } catch (error) {
      return finish({ code: null, signal: null }, messageOf(error));
    }
    const { child, pgid } = agent;
    let hasLogError = false;
    // Structured stdout (Claude Code, Codex) is parsed in the order it is sent, batch by batch.
    // stderr is plain text whatever the agent: a usage-limit message there is recognised too.
    const parsers = { stdout: createOutputParser(agent.output), stderr: createOutputParser("text") };
    const isPlain = { stdout: agent.output === "text", stderr: true };
    // A limit line in plain text may be just output (tests of a rate limiter print "429 Too Many
    // Requests"): it counts only if the agent then fails. Structured formats report it as a failure.
    let heldLimit: AgentEvent | null = null;
    const hold = (stream: "stdout" | "stderr", events: AgentEvent[]): AgentEvent[] =>
      events.filter((event) => {
        if (event.type !== "usage_limit" || !isPlain[stream]) return true;
        heldLimit = event;
        return false;
      });
    const parse = (stream: "stdout" | "stderr", text: string) => hold(stream, parsers[stream].push(text));
    const sendLog = (chunks: OutputChunk[], events: AgentEvent[]) =>
      deps.client.runner.log.mutate({ ...ids, chunks, ...(events.length > 0 ? { events } : {}) });
    batcher = createOutputBatcher({
      send: (chunks) =>
        sendLog(
          chunks,
          chunks.flatMap((chunk) => (chunk.stream === "system" ? [] : parse(chunk.stream, chunk.text))),
        ),
      // Past the high-water mark the pipes fill up and the agent waits: memory stays bounded.
      onPressure: (isOver) =>
        [child.stdout, child.stderr].forEach((stream) => (isOver ? stream.pause() : stream.resume())),
      onError: (error) => {
        if (!hasLogError) deps.log(`${label}: could not store its output: ${messageOf(error)}`);
        hasLogError = true;
      },
    });
    // Whatever the agent left running in its group when it exited goes with it: no orphans.
    const exited = collectOutput(agent, batcher, () =>
      isAlive(-pgid)
        ? terminateGroup("the agent exited and left processes behind: stopping them")
        : Promise.resolve(stopping),
    );
    await deps.client.runner.started
      .mutate({
        ...ids,
        pid: pgid,
        cwd: agent.cwd,
        worktreePath: agent.worktreePath,
        branch: agent.branch,
        argv: agent.argv,
        envNames: agent.envNames,
        spawnedAt: agent.spawnedAt,
      })
      .catch((error: unknown) => {
        // Refused (its lease is gone, it was stopped meanwhile): it must not run. Unheard (the
        // connection dropped): it runs on; heartbeats tell the runner if the server disagrees.
        if (isRefusal(error)) stop(`the server refused it: ${messageOf(error)}`);
        else deps.log(`${label}: could not report its start: ${messageOf(error)}`);
      });
    if (isStopRequested) terminateGroup("stopping the agent (stop requested while it started)");
    const exit = await exited;
    await stopping;
    await batcher.drain();
    const lastEvents = [...hold("stdout", parsers.stdout.end()), ...hold("stderr", parsers.stderr.end())];
    if (heldLimit && exit.code !== 0 && !isStopRequested) lastEvents.push(heldLimit);
    if (lastEvents.length > 0) {
      await sendLog([], lastEvents).catch((error: unknown) =>
        deps.log(`${label}: could not store its last events: ${messageOf(error)}`),
      );
    }
    await finish(exit, stopReason);
  }

  const done = run().catch((error: unknown) => deps.log(`${label}: ${messageOf(error)}`));
  return {
    claim,
    get isStopRequested() {
      return isStopRequested;
    },
    stop,
    interrupt(reason) {
      isInterrupted = true;
      stop(reason);
    },
    done,
  };
}
