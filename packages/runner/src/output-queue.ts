export type OutputStream = "stdout" | "stderr" | "system";

export interface OutputChunk {
  stream: OutputStream;
  text: string;
}

/** Output not sent yet, in arrival order; consecutive text of one stream shares a chunk. */
export interface OutputQueue {
  chunks: OutputChunk[];
  /** Total text waiting (UTF-16 units). */
  chars: number;
}

export interface BatchLimits {
  /** The largest chunk. */
  maxChunkChars: number;
  /**
   * The most text one call carries when it may grow up to 6× as JSON (control characters, non-ASCII);
   * plain text (printable ASCII, tabs, newlines: at most 2 bytes each as JSON) counts half, so a call
   * of plain text carries twice as much with a smaller bound on its body (fewer, larger commits).
   */
  maxCallChars: number;
}

/** What may take more than 2 bytes as JSON: control characters but tab, CR and LF; everything past ASCII. */
const NOT_PLAIN = /[^\t\n\r\x20-\x7e]/;
/** What a character of plain text counts against a call's budget, and of any other text. */
const PLAIN_WEIGHT = 1;
const OTHER_WEIGHT = 2;

/** What `text` counts against a call's budget (in halves of maxCallChars' characters). */
export function callWeight(text: string): number {
  return text.length * (NOT_PLAIN.test(text) ? OTHER_WEIGHT : PLAIN_WEIGHT);
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

export function enqueue(queue: OutputQueue, stream: OutputStream, text: string): void {
  const last = queue.chunks.at(-1);
  if (last?.stream === stream) last.text += text;
  else queue.chunks.push({ stream, text });
  queue.chars += text.length;
}

/** Where to cut the head chunk so it fits `room` (weight units), and what that piece weighs; cut 0: nothing fits. */
function fitHead(text: string, maxChunkChars: number, room: number): { cut: number; weight: number } {
  // As plain text first (the common case); recut if the piece turns out not to be plain.
  let cut = cutPoint(text, Math.min(maxChunkChars, Math.floor(room / PLAIN_WEIGHT)));
  let weight = callWeight(text.slice(0, cut));
  if (weight > room) {
    cut = cutPoint(text, Math.min(maxChunkChars, Math.floor(room / OTHER_WEIGHT)));
    weight = cut * OTHER_WEIGHT;
  }
  return { cut, weight };
}

/** Takes the next call's worth from the front of the queue, cutting a chunk where it must. */
export function takeBatch(queue: OutputQueue, { maxChunkChars, maxCallChars }: BatchLimits): OutputChunk[] {
  const { chunks } = queue;
  const budget = maxCallChars * OTHER_WEIGHT;
  const batch: OutputChunk[] = [];
  let weight = 0;
  let size = 0;
  while (chunks.length && weight < budget && batch.length < MAX_CHUNKS_PER_CALL) {
    const head = chunks[0]!;
    const fit = fitHead(head.text, maxChunkChars, budget - weight);
    if (fit.cut === 0) break;
    batch.push({ stream: head.stream, text: head.text.slice(0, fit.cut) });
    weight += fit.weight;
    size += fit.cut;
    if (fit.cut === head.text.length) chunks.shift();
    else head.text = head.text.slice(fit.cut);
  }
  queue.chars -= size;
  return batch;
}
