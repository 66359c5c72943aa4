import { type BatchLimits, type OutputChunk, type OutputQueue, enqueue, takeBatch } from "./output-queue";
import { createTokenScrubber, scrubTokens } from "./token-scrubber";

export interface OutputBatcherOptions {
  /** Stores one batch (one `runner.log` call). Never called again before it settles. */
  send(chunks: OutputChunk[]): Promise<unknown>;
  /** The longest a byte waits before it is sent (unless a call is still in flight). */
  maxDelayMs?: number;
  /** Send at once when this much text (UTF-16 units ≈ bytes of text) waits; also the largest chunk. */
  maxChunkChars?: number;
  /**
   * One call carries at most this much text that may grow 6× as JSON (twice as much plain ASCII
   * text), so its JSON body stays below the server's limit (2 MiB): 256 Ki characters, 512 Ki plain.
   */
  maxCallChars?: number;
  /** Above this much unsent text the reader should pause (true), below half of it resume (false). */
  highWaterChars?: number;
  onPressure?(isOverHighWater: boolean): void;
  onError?(error: unknown): void;
  /**
   * Secrets no output may carry (the session's token, the runner's): each is replaced by
   * `[maestro token hidden]` before anything is queued, also when it is split across reads.
   */
  secrets?: readonly (string | undefined)[];
}

export interface OutputBatcher {
  /** Raw bytes from the agent; decoded as UTF-8 in order, multi-byte characters may span calls. */
  push(stream: "stdout" | "stderr", bytes: Uint8Array): void;
  /** A line from the runner itself (stop requested, …). */
  note(text: string): void;
  /**
   * The stream has closed: an incomplete trailing character becomes U+FFFD, and what was held
   * back as the possible start of a secret goes out. Calling it again adds nothing.
   */
  end(stream: "stdout" | "stderr"): void;
  /** Resolves once everything pushed so far has been sent. */
  drain(): Promise<void>;
}

interface Limits extends BatchLimits {
  maxDelayMs: number;
  highWater: number;
}

interface BatcherState {
  readonly options: OutputBatcherOptions;
  readonly limits: Limits;
  readonly queue: OutputQueue;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** The queue's head must go as soon as no call is in flight (old enough, large enough, a backlog). */
  isDue: boolean;
  inFlight: Promise<void> | undefined;
  isPaused: boolean;
}

function limitsOf(options: OutputBatcherOptions): Limits {
  const maxChunkChars = options.maxChunkChars ?? 64 * 1024;
  return {
    maxDelayMs: options.maxDelayMs ?? 100,
    maxChunkChars,
    maxCallChars: options.maxCallChars ?? 4 * maxChunkChars,
    // Two MiB a session: room for a full call of plain text to gather while one is in flight.
    highWater: options.highWaterChars ?? 32 * maxChunkChars,
  };
}

function append(state: BatcherState, stream: OutputChunk["stream"], text: string): void {
  if (!text) return;
  enqueue(state.queue, stream, text);
  if (state.queue.chars >= state.limits.maxChunkChars) state.isDue = true;
  state.timer ??= setTimeout(() => {
    state.timer = undefined;
    state.isDue = true;
    pump(state);
  }, state.limits.maxDelayMs);
  updatePressure(state);
  pump(state);
}

/** Sends the next batch if one is due and no call is in flight; each settled call pumps again. */
function pump(state: BatcherState): void {
  const { queue } = state;
  if (state.inFlight || !state.isDue || !queue.chunks.length) return;
  const batch = takeBatch(queue, state.limits);
  // What is left over is a backlog: it goes as soon as this call returns.
  state.isDue = queue.chunks.length > 0;
  if (!queue.chunks.length && state.timer) {
    clearTimeout(state.timer);
    state.timer = undefined;
  }
  state.inFlight = state.options
    .send(batch)
    .then(
      () => undefined,
      (error: unknown) => state.options.onError?.(error),
    )
    .finally(() => {
      state.inFlight = undefined;
      updatePressure(state);
      pump(state);
    });
}

/** Pauses above the high-water mark and resumes below half of it, so the reader does not flap. */
function updatePressure(state: BatcherState): void {
  const { chars } = state.queue;
  const { highWater } = state.limits;
  const next = state.isPaused ? chars > highWater / 2 : chars > highWater;
  if (next === state.isPaused) return;
  state.isPaused = next;
  state.options.onPressure?.(next);
}

/**
 * Turns an agent's output into few, ordered `runner.log` calls: a batch leaves when its oldest
 * byte is `maxDelayMs` old or `maxChunkChars` have gathered, and only one call is ever in flight
 * (output keeps accumulating meanwhile, and the reader is paused past the high-water mark).
 */
export function createOutputBatcher(options: OutputBatcherOptions): OutputBatcher {
  const state: BatcherState = {
    options,
    limits: limitsOf(options),
    queue: { chunks: [], chars: 0 },
    timer: undefined,
    isDue: false,
    inFlight: undefined,
    isPaused: false,
  };
  const decoders = { stdout: new TextDecoder("utf-8"), stderr: new TextDecoder("utf-8") };
  const secrets = options.secrets ?? [];
  const scrubbers = { stdout: createTokenScrubber(secrets), stderr: createTokenScrubber(secrets) };
  return {
    push: (stream, bytes) =>
      append(state, stream, scrubbers[stream].push(decoders[stream].decode(bytes, { stream: true }))),
    note: (text) => append(state, "system", scrubTokens(secrets, text.endsWith("\n") ? text : `${text}\n`)),
    end: (stream) => append(state, stream, scrubbers[stream].push(decoders[stream].decode()) + scrubbers[stream].end()),
    async drain() {
      while (state.inFlight || state.queue.chunks.length) {
        state.isDue = true;
        pump(state);
        await state.inFlight;
      }
    },
  };
}
