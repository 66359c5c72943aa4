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
  /** The most text one call carries. */
  maxCallChars: number;
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

/** Takes the next call's worth from the front of the queue, cutting a chunk where it must. */
export function takeBatch(queue: OutputQueue, { maxChunkChars, maxCallChars }: BatchLimits): OutputChunk[] {
  const { chunks } = queue;
  const batch: OutputChunk[] = [];
  let size = 0;
  while (chunks.length && size < maxCallChars && batch.length < MAX_CHUNKS_PER_CALL) {
    const head = chunks[0]!;
    const cut = cutPoint(head.text, Math.min(maxChunkChars, maxCallChars - size));
    batch.push({ stream: head.stream, text: head.text.slice(0, cut) });
    size += cut;
    if (cut === head.text.length) chunks.shift();
    else head.text = head.text.slice(cut);
  }
  queue.chars -= size;
  return batch;
}
