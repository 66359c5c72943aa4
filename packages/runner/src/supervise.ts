import { type AgentEvent, messageOf } from "@maestro/domain";
import { collectOutput } from "./collect-output";
import { type EventReader, createEventReader } from "./event-reader";
import {
  type HeldSession,
  type SessionState,
  type SuperviseDeps,
  createSessionState,
  finishSession,
  reportStarted,
  requestStop,
  sendLog,
  terminateGroup,
} from "./held-session";
import { type Claim, type LaunchedAgent, launchAgent } from "./launch";
import { type OutputBatcher, createOutputBatcher } from "./output-batcher";
import { isAlive } from "./process-group";

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
    interrupt(reason) {
      state.isInterrupted = true;
      requestStop(state, reason);
    },
    done,
  };
}

async function runSession(state: SessionState): Promise<void> {
  try {
    state.agent = await launchAgent(state.claim, state.deps.launch);
  } catch (error) {
    return finishSession(state, { code: null, signal: null }, messageOf(error));
  }
  const { agent } = state;
  const events = createEventReader(agent.output, { model: state.claim.profile.model });
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
  await state.stopping;
  await batcher.drain();
  await sendLastEvents(state, events.end(exit.code !== 0 && !state.isStopRequested));
  await finishSession(state, exit, state.stopReason);
}

/** Output goes to the server in batches, each with the events parsed from it. */
function batchOutput(state: SessionState, agent: LaunchedAgent, events: EventReader): OutputBatcher {
  const pipes = [agent.child.stdout, agent.child.stderr];
  let hasLogError = false;
  return createOutputBatcher({
    send: (chunks) => sendLog(state, chunks, events.read(chunks)),
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
