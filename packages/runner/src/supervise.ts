import { type AgentEvent, isMissingConversation, messageOf } from "@maestro/domain";
import { type Exit, collectOutput } from "./collect-output";
import { type EventReader, createEventReader } from "./event-reader";
import {
  type HeldSession,
  type SessionState,
  type SuperviseDeps,
  createSessionState,
  finishSession,
  reportStarted,
  requestStop,
  secretsOf,
  sendLog,
  terminateGroup,
} from "./held-session";
import { type Claim, LaunchError, type LaunchedAgent, launchAgent } from "./launch";
import { type OutputBatcher, createOutputBatcher } from "./output-batcher";
import { isAlive } from "./process-group";
import { setUpWorktree } from "./worktree-setup";
import { wrapUpWork } from "./wrap-up-work";

/** Runs one claimed session: launch, report started, stream output, stop on request, finish. */
export function superviseSession(claim: Claim, deps: SuperviseDeps): HeldSession {
  const state = createSessionState(claim, deps);
  const done = runSession(state).catch((error: unknown) => deps.log(`${state.label}: ${messageOf(error)}`));
  return {
    claim,
    get isStopRequested() {
      return state.isStopRequested;
    },
    stop: (reason) => requestStop(state, reason),
    interrupt(reason, isServerStopping = false) {
      state.isInterrupted = true;
      state.isServerStopping = isServerStopping;
      requestStop(state, reason);
    },
    done,
    get pgid() {
      return state.group?.pgid;
    },
    get peakRssMb() {
      return state.peakRssMb;
    },
    noteRss(mb) {
      state.peakRssMb = Math.max(state.peakRssMb ?? 0, mb);
    },
  };
}

async function runSession(state: SessionState): Promise<void> {
  const first = await runAgent(state, state.claim);
  const run = first && shouldStartAfresh(state, first) ? await startAfresh(state) : first;
  if (!run) return;
  const isSuccess = run.exit.code === 0 && !state.isStopRequested;
  const { work, error } = isSuccess && state.agent ? await wrapUpWork(state, state.agent) : {};
  // Work that could not be committed or checked is not a success, whatever the agent's exit.
  const exit = error ? { code: null, signal: null } : run.exit;
  await finishSession(state, exit, { error: error ?? state.stopReason, ...(work ? { work } : {}) });
}

/** How one launch of the agent ended. */
interface AgentRun {
  exit: Exit;
  /** Asked to continue its conversation, the agent said it has no such conversation. */
  isConversationMissing: boolean;
}

/** Launches the agent and supervises it until it has exited; null if it could not start (the session is finished then). */
async function runAgent(state: SessionState, claim: Claim): Promise<AgentRun | null> {
  state.isWrappingUp = false;
  try {
    state.agent = await launchAgent(claim, state.deps.launch, (worktree) => setUpWorktree(state, worktree));
  } catch (error) {
    const isSpawnFailure = error instanceof LaunchError;
    await finishSession(state, { code: null, signal: null }, { error: messageOf(error), isSpawnFailure });
    return null;
  }
  const { agent } = state;
  state.group = { pgid: agent.pgid, name: "the agent" };
  state.stopping = undefined;
  const run = { isConversationMissing: false };
  const events = watchEvents(createEventReader(agent.output, { model: state.claim.profile.model }), (event) => {
    if (isMissingConversation(event)) run.isConversationMissing = true;
  });
  const batcher = (state.batcher = batchOutput(state, agent, events));
  // Whatever the agent left running in its group when it exited goes with it: no orphans.
  const exited = collectOutput(agent, batcher, () =>
    isAlive(-agent.pgid)
      ? terminateGroup(state, "the agent exited and left processes behind: stopping them")
      : Promise.resolve(state.stopping),
  );
  await reportStarted(state, agent);
  // A stop asked for before the agent existed had nothing to stop yet.
  if (state.isStopRequested) void terminateGroup(state, "stopping the agent (stop requested while it started)");
  const exit = await exited;
  state.isWrappingUp = true;
  await Promise.resolve(state.stopping);
  state.deps.reaper?.forget(agent.pgid);
  await batcher.drain();
  await sendLastEvents(state, events.end(exit.code !== 0 && !state.isStopRequested));
  return { exit, ...run };
}

/** A resume that failed only because the agent's saved conversation is gone is not the session's failure. */
function shouldStartAfresh(state: SessionState, run: AgentRun): boolean {
  return run.isConversationMissing && !!state.claim.launch.resumeId && run.exit.code !== 0 && !state.isStopRequested;
}

/** Launches the agent once more, in the same directory, with the whole prompt instead of the resume. */
async function startAfresh(state: SessionState): Promise<AgentRun | null> {
  const { claim } = state;
  const done = state.agent!;
  state.batcher?.note(
    `[maestro] the agent has no conversation ${claim.launch.resumeId} to resume (its saved session is gone): starting it again with the whole prompt`,
  );
  await state.batcher?.drain();
  // Nothing to stop until the new agent exists (a stop asked for meanwhile is caught after its launch).
  state.agent = undefined;
  state.group = undefined;
  const session = { ...claim.session, worktreePath: done.worktreePath, branch: done.branch };
  const landing = claim.landing && { ...claim.landing, baseCommit: done.baseCommit ?? claim.landing.baseCommit };
  return runAgent(state, { ...claim, session, landing, launch: { prompt: claim.session.prompt, resumeId: null } });
}

/** Passes each event the reader finds to `watch` as well. */
function watchEvents(reader: EventReader, watch: (event: AgentEvent) => void): EventReader {
  const seen = (events: AgentEvent[]) => (events.forEach(watch), events);
  return { read: (chunks) => seen(reader.read(chunks)), end: (hasFailed) => seen(reader.end(hasFailed)) };
}

/** Output goes to the server in batches, each with the events parsed from it. */
function batchOutput(state: SessionState, agent: LaunchedAgent, events: EventReader): OutputBatcher {
  const pipes = [agent.child.stdout, agent.child.stderr];
  let hasLogError = false;
  return createOutputBatcher({
    // Events are parsed from the scrubbed text: a token the agent printed is in none of them either.
    send: (chunks) => sendLog(state, chunks, events.read(chunks)),
    secrets: secretsOf(state),
    // Past the high-water mark the pipes fill up and the agent waits: memory stays bounded.
    onPressure: (isOver) => pipes.forEach((stream) => (isOver ? stream.pause() : stream.resume())),
    onError: (error) => {
      if (!hasLogError) state.deps.log(`${state.label}: could not store its output: ${messageOf(error)}`);
      hasLogError = true;
    },
  });
}

async function sendLastEvents(state: SessionState, events: AgentEvent[]): Promise<void> {
  if (events.length === 0) return;
  await sendLog(state, [], events).catch((error: unknown) =>
    state.deps.log(`${state.label}: could not store its last events: ${messageOf(error)}`),
  );
}
