import type { LogChunk, LogStream } from "@maestro/domain";
import { type SgrState, advanceSgr, sgrPrefix, stripAnsi } from "./ansi";

/** Lines kept in memory per open log; older ones are dropped (and can be paged from the server). */
export const MAX_LINES = 50_000;
/** A line longer than this is cut for display (the full text stays on the server). */
export const MAX_LINE_LENGTH = 10_000;
/** An unterminated line is broken here, so output without newlines cannot grow without bound. */
const MAX_OPEN_LENGTH = 64 * 1024;

export interface LogLine {
  /** 1-based position in the whole log, stable while the line is kept. */
  n: number;
  stream: LogStream;
  /** The seq of the chunk the line started in. */
  seq: number;
  /** What to draw, ANSI included: the colour carried over from earlier lines, then the text. */
  display: string;
  /** The visible text, for search. */
  plain: string;
}

interface OpenLine {
  raw: string;
  seq: number;
  carry: SgrState;
}

/** What a terminal would show of a line: the text after its last carriage return, cut if huge. */
function toDisplay(raw: string, carry: SgrState): string {
  const text = raw.replace(/\r+$/, "");
  const cr = text.lastIndexOf("\r");
  const state = cr === -1 ? carry : advanceSgr(carry, text.slice(0, cr));
  let shown = cr === -1 ? text : text.slice(cr + 1);
  if (shown.length > MAX_LINE_LENGTH) {
    shown = `${shown.slice(0, MAX_LINE_LENGTH)} … (${shown.length - MAX_LINE_LENGTH} more characters)`;
  }
  return sgrPrefix(state) + shown;
}

/**
 * A session's output as lines. Chunks are cut anywhere (mid-line, mid-escape), so each stream
 * keeps its unterminated line open until its newline arrives; colours carry across lines. Only
 * the newest `maxLines` complete lines are kept.
 */
export class LogBuffer {
  lines: LogLine[] = [];
  /** Complete lines dropped from the front to stay bounded. */
  dropped = 0;
  /** The cursor: the last seq applied (chunks at or before it are duplicates). */
  lastSeq = 0;
  lastTs: string | null = null;
  private nextN = 1;
  private readonly open = new Map<LogStream, OpenLine>();
  private readonly sgr = new Map<LogStream, SgrState>();

  constructor(private readonly maxLines = MAX_LINES) {}

  /** Applies chunks in seq order; returns whether anything changed. */
  append(chunks: readonly LogChunk[]): boolean {
    let isChanged = false;
    for (const chunk of chunks) {
      if (chunk.seq <= this.lastSeq) continue;
      this.lastSeq = chunk.seq;
      this.lastTs = chunk.ts;
      this.ingest(chunk.stream, chunk.text, chunk.seq);
      isChanged = true;
    }
    this.trim();
    return isChanged;
  }

  /** Lines still waiting for their newline, shown after the complete ones. */
  openLines(): LogLine[] {
    const result: LogLine[] = [];
    for (const [stream, line] of this.open) {
      const display = toDisplay(line.raw, line.carry);
      const plain = stripAnsi(display);
      if (plain !== "") result.push({ n: this.nextN + result.length, stream, seq: line.seq, display, plain });
    }
    return result;
  }

  private ingest(stream: LogStream, text: string, seq: number): void {
    let rest = text;
    for (;;) {
      const newline = rest.indexOf("\n");
      const current = this.open.get(stream);
      const piece = newline === -1 ? rest : rest.slice(0, newline);
      const raw = (current?.raw ?? "") + piece;
      if (newline === -1) {
        if (raw.length > MAX_OPEN_LENGTH) this.close(stream, raw, current?.seq ?? seq);
        else if (raw.length > 0) {
          this.open.set(stream, { raw, seq: current?.seq ?? seq, carry: current?.carry ?? this.stateOf(stream) });
        }
        return;
      }
      this.close(stream, raw, current?.seq ?? seq);
      rest = rest.slice(newline + 1);
    }
  }

  private close(stream: LogStream, raw: string, seq: number): void {
    const carry = this.open.get(stream)?.carry ?? this.stateOf(stream);
    this.open.delete(stream);
    const display = toDisplay(raw, carry);
    this.lines.push({ n: this.nextN++, stream, seq, display, plain: stripAnsi(display) });
    this.sgr.set(stream, advanceSgr(carry, raw));
  }

  private stateOf(stream: LogStream): SgrState {
    return this.sgr.get(stream) ?? [];
  }

  /** Once per appended batch (not per line), so the cost stays one array move per batch. */
  private trim(): void {
    const excess = this.lines.length - this.maxLines;
    if (excess <= 0) return;
    this.lines.splice(0, excess);
    this.dropped += excess;
  }
}
