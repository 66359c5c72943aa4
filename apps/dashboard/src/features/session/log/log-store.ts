import type { LogChunk } from "@maestro/domain";
import { LogBuffer, type LogLine } from "./log-buffer";

export interface LogSnapshot {
  /** Complete lines, then the lines still open: what the view draws, immutable once built. */
  rows: readonly LogLine[];
  dropped: number;
  lastSeq: number;
  lastTs: string | null;
}

const EMPTY: LogSnapshot = { rows: [], dropped: 0, lastSeq: 0, lastTs: null };

/**
 * An external store over a LogBuffer for useSyncExternalStore. Batches can arrive hundreds of
 * times a second (a replay): the snapshot is rebuilt at most once per animation frame.
 */
export class LogStore {
  private readonly buffer: LogBuffer;
  private snapshot = EMPTY;
  private readonly listeners = new Set<() => void>();
  private frame: number | null = null;

  constructor(maxLines?: number) {
    this.buffer = new LogBuffer(maxLines);
  }

  append(chunks: readonly LogChunk[]): void {
    if (this.buffer.append(chunks)) this.schedule();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.frame !== null) {
        cancelAnimationFrame(this.frame);
        this.frame = null;
      }
    };
  };

  getSnapshot = (): LogSnapshot => this.snapshot;

  private schedule(): void {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      const { buffer } = this;
      this.snapshot = {
        rows: [...buffer.lines, ...buffer.openLines()],
        dropped: buffer.dropped,
        lastSeq: buffer.lastSeq,
        lastTs: buffer.lastTs,
      };
      for (const listener of this.listeners) listener();
    });
  }
}
