export type OutputStream = "stdout" | "stderr" | "system";

export interface OutputChunk {
  stream: OutputStream;
  text: string;
}

export interface OutputBatcherOptions {
  /** Stores one batch (one `runner.log` call). Never called again before it settles. */
  send(chunks: OutputChunk[]): Promise<unknown>;
  /** The longest a byte waits before it is sent (unless a call is still in flight). */
  maxDelayMs?: number;
  /** Send at once when this much text (UTF-16 units ≈ bytes of text) waits; also the largest chunk. */
  maxChunkChars?: number;
  /** One call carries at most this much, so its JSON body stays far below the server's limit. */
  maxCallChars?: number;
  /** Above this much unsent text the reader should pause (true), below half of it resume (false). */
  highWaterChars?: number;
  onPressure?(isOverHighWater: boolean): void;
  onError?(error: unknown): void;
}

export interface OutputBatcher {
  /** Raw bytes from the agent; decoded as UTF-8 in order, multi-byte characters may span calls. */
  push(stream: "stdout" | "stderr", bytes: Uint8Array): void;
  /** A line from the runner itself (stop requested, …). */
  note(text: string): void;
  /** The stream has closed: an incomplete trailing character becomes U+FFFD. */
  end(stream: "stdout" | "stderr"): void;
  /** Resolves once everything pushed so far has been sent. */
  drain(): Promise<void>;
}

const MAX_CHUNKS_PER_CALL = 1_000;

/** Where to cut `text` to at most `limit` units: after the last newline if any, never inside a surrogate pair. */
export function cutPoint(text: string, limit: number): number {
  if (text.length <= limit) return text.length;
  const newline = text.lastIndexOf("\n", limit - 1);
  if (newline >= 0) return newline + 1;
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

/**
 * Turns an agent's output into few, ordered `runner.log` calls: a batch leaves when its oldest
 * byte is `maxDelayMs` old or `maxChunkChars` have gathered, and only one call is ever in flight
 * (output keeps accumulating meanwhile, and the reader is paused past the high-water mark).
 */
export function createOutputBatcher(options: OutputBatcherOptions): OutputBatcher {
  const maxDelayMs = options.maxDelayMs ?? 100;
  const maxChunkChars = options.maxChunkChars ?? 64 * 1024;
  const maxCallChars = options.maxCallChars ?? 4 * maxChunkChars;
  const highWater = options.highWaterChars ?? 16 * maxChunkChars;
  const decoders = { stdout: new TextDecoder("utf-8"), stderr: new TextDecoder("utf-8") };
  const pending: OutputChunk[] = [];
  let pendingChars = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let isDue = false;
  let inFlight: Promise<void> | undefined;
  let isPaused = false;

  function append(stream: OutputStream, text: string): void {
    if (!text) return;
    const last = pending.at(-1);
    if (last?.stream === stream) last.text += text;
    else pending.push({ stream, text });
    pendingChars += text.length;
    if (pendingChars >= maxChunkChars) isDue = true;
    timer ??= setTimeout(() => {
      timer = undefined;
      isDue = true;
      pump();
    }, maxDelayMs);
    updatePressure();
    pump();
  }

  function takeBatch(): OutputChunk[] {
    const batch: OutputChunk[] = [];
    let size = 0;
    while (pending.length && size < maxCallChars && batch.length < MAX_CHUNKS_PER_CALL) {
      const head = pending[0]!;
      const cut = cutPoint(head.text, Math.min(maxChunkChars, maxCallChars - size));
      batch.push({ stream: head.stream, text: head.text.slice(0, cut) });
      size += cut;
      if (cut === head.text.length) pending.shift();
      else head.text = head.text.slice(cut);
    }
    pendingChars -= size;
    return batch;
  }

  function pump(): void {
    if (inFlight || !isDue || !pending.length) return;
    const batch = takeBatch();
    // What is left over is a backlog: it goes as soon as this call returns.
    isDue = pending.length > 0;
    if (!pending.length && timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    inFlight = options
      .send(batch)
      .then(
        () => undefined,
        (error: unknown) => options.onError?.(error),
      )
      .finally(() => {
        inFlight = undefined;
        updatePressure();
        pump();
      });
  }

  function updatePressure(): void {
    const next = isPaused ? pendingChars > highWater / 2 : pendingChars > highWater;
    if (next === isPaused) return;
    isPaused = next;
    options.onPressure?.(next);
  }

  return {
    push: (stream, bytes) => append(stream, decoders[stream].decode(bytes, { stream: true })),
    note: (text) => append("system", text.endsWith("\n") ? text : `${text}\n`),
    end: (stream) => append(stream, decoders[stream].decode()),
    async drain() {
      while (inFlight || pending.length) {
        isDue = true;
        pump();
        await inFlight;
      }
    },
  };
}
