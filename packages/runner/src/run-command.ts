import { spawn } from "node:child_process";
import { messageOf } from "@maestro/domain";
import { type Exit, collectOutput } from "./collect-output";
import { type SessionState, secretsOf, sendLog, terminateGroup } from "./held-session";
import { agentEnvOf } from "./launch";
import { createOutputBatcher } from "./output-batcher";
import { isAlive, startTimeOf } from "./process-group";
import { createTokenScrubber } from "./token-scrubber";

/** How much of a command's output is kept to report (the whole of it is in the session's log). */
export const OUTPUT_TAIL_CHARS = 16_000;

export interface CommandRun {
  exit: Exit;
  /** The end of what it printed, both streams in the order they came. */
  tail: string;
  isTimedOut: boolean;
  /** It did not even start (the reason is in `tail`). */
  isUnstarted: boolean;
}

export interface CommandSpec {
  /** What the log calls it: `[maestro] <label>: <command>`. */
  label: string;
  command: string;
  cwd: string;
  timeoutMs: number;
}

const timedOutAfter = (timeoutMs: number) => `timed out after ${Math.round(timeoutMs / 1000)} s`;

/** How a run ended, in words: "passed", "failed (exit code 2)", "timed out after 30 s", … */
export function describeRun(run: CommandRun, timeoutMs: number): string {
  if (run.isTimedOut) return timedOutAfter(timeoutMs);
  if (run.isUnstarted) return "could not start";
  if (run.exit.code === 0) return "passed";
  return run.exit.signal ? `failed (killed by ${run.exit.signal})` : `failed (exit code ${run.exit.code})`;
}

/**
 * Keeps the last OUTPUT_TAIL_CHARS of text, trimming now and then rather than on every chunk;
 * `secrets` are replaced as in the log (the tail is reported as the check's output).
 */
function createTail(secrets: readonly string[]) {
  const decoders = { stdout: new TextDecoder("utf-8"), stderr: new TextDecoder("utf-8") };
  const scrubbers = { stdout: createTokenScrubber(secrets), stderr: createTokenScrubber(secrets) };
  let text = "";
  const add = (more: string) => {
    text += more;
    if (text.length > 2 * OUTPUT_TAIL_CHARS) text = text.slice(-OUTPUT_TAIL_CHARS);
  };
  return {
    push: (stream: "stdout" | "stderr", bytes: Uint8Array) =>
      add(scrubbers[stream].push(decoders[stream].decode(bytes, { stream: true }))),
    end: (stream: "stdout" | "stderr") =>
      add(scrubbers[stream].push(decoders[stream].decode()) + scrubbers[stream].end()),
    add,
    value: () => text.slice(-OUTPUT_TAIL_CHARS),
  };
}

/**
 * Runs one of the project's own commands (a worktree set-up, a check) as `sh -c` in its own
 * process group with the agent's environment: output streamed into the session's log, the
 * group stopped on a stop request, at its time limit, or when it leaves processes behind.
 */
export async function runCommand(state: SessionState, spec: CommandSpec): Promise<CommandRun> {
  const tail = createTail(secretsOf(state));
  const child = spawn("sh", ["-c", spec.command], {
    cwd: spec.cwd,
    env: agentEnvOf(state.claim, state.deps.launch),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Watched at once: until this tick ends Node cannot reap it, so its pid is still its own.
  if (child.pid !== undefined) state.deps.reaper?.watch(child.pid, startTimeOf(child.pid));
  const pipes = [child.stdout, child.stderr];
  const batcher = (state.batcher = createOutputBatcher({
    send: (chunks) => sendLog(state, chunks, []),
    // Past the high-water mark the pipes fill up and the command waits: memory stays bounded.
    onPressure: (isOver) => pipes.forEach((stream) => (isOver ? stream.pause() : stream.resume())),
    onError: (error) => state.deps.log(`${state.label}: could not store ${spec.label} output: ${messageOf(error)}`),
    secrets: secretsOf(state),
  }));
  batcher.note(`[maestro] ${spec.label}: ${spec.command}`);
  const started = await new Promise<Error | null>((resolve) => {
    child.once("spawn", () => resolve(null));
    child.on("error", (error) => resolve(error));
  });
  if (started) {
    if (child.pid !== undefined) state.deps.reaper?.forget(child.pid);
    const run = { exit: { code: null, signal: null }, tail: messageOf(started), isTimedOut: false, isUnstarted: true };
    batcher.note(`[maestro] ${spec.label} could not start: ${messageOf(started)}`);
    await batcher.drain();
    return run;
  }
  const run = await superviseCommand(state, child, { spec, tail });
  batcher.note(`[maestro] ${spec.label} ${describeRun(run, spec.timeoutMs)}: ${spec.command}`);
  await batcher.drain();
  return run;
}

async function superviseCommand(
  state: SessionState,
  child: Parameters<typeof collectOutput>[0]["child"],
  { spec, tail }: { spec: CommandSpec; tail: ReturnType<typeof createTail> },
): Promise<CommandRun> {
  const pgid = child.pid!;
  state.group = { pgid, name: `the ${spec.label}` };
  state.stopping = undefined;
  const batcher = state.batcher!;
  const tee = {
    push: (stream: "stdout" | "stderr", bytes: Uint8Array) => (tail.push(stream, bytes), batcher.push(stream, bytes)),
    end: (stream: "stdout" | "stderr") => (tail.end(stream), batcher.end(stream)),
  };
  let isTimedOut = false;
  const timer = setTimeout(() => {
    isTimedOut = true;
    void terminateGroup(state, `${spec.label} ran past its time limit: stopping it`);
  }, spec.timeoutMs);
  const exited = collectOutput({ child }, tee, () =>
    isAlive(-pgid)
      ? terminateGroup(state, `${spec.label} exited and left processes behind: stopping them`)
      : Promise.resolve(state.stopping),
  );
  // A stop asked for before the command existed had nothing to stop yet.
  if (state.isStopRequested) void terminateGroup(state, `stopping ${spec.label} (stop requested)`);
  const exit = await exited;
  clearTimeout(timer);
  // terminateGroup may have set it meanwhile (TypeScript narrows it to the undefined set above).
  await Promise.resolve(state.stopping);
  state.deps.reaper?.forget(pgid);
  state.group = undefined;
  if (isTimedOut) tail.add(`\n[maestro] ${timedOutAfter(spec.timeoutMs)}\n`);
  return { exit, tail: tail.value(), isTimedOut, isUnstarted: false };
}
