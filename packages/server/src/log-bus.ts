import { EventEmitter } from "node:events";
import type { LogChunk } from "@maestro/domain";
import { DEFAULT_LIMITS } from "./limits";
import { LogBudget } from "./log-budget";

/**
 * Fans stored log batches out to the subscribers of one session. A batch is published once per
 * write, never per line; subscribers bound their own queues (see follow-logs.ts). It carries
 * each session's log budget too: what is past the cap is neither stored nor published.
 */
export class LogBus {
  readonly #emitter = new EventEmitter();
  readonly budget: LogBudget;
  /** Hears every batch published, whoever listens to its session (log-feed.ts keeps its cursors so). */
  #observer: ((sessionId: string, chunks: readonly LogChunk[]) => void) | undefined;

  constructor(options: { maxSessionBytes?: number } = {}) {
    this.budget = new LogBudget(options.maxSessionBytes ?? DEFAULT_LIMITS.sessionLogBytes);
    this.#emitter.setMaxListeners(0);
  }

  publish(sessionId: string, chunks: readonly LogChunk[]): void {
    if (chunks.length === 0) return;
    this.#observer?.(sessionId, chunks);
    this.#emitter.emit(sessionId, chunks);
  }

  /** Sets (or, with undefined, removes) the one observer of every batch published. */
  observe(observer: ((sessionId: string, chunks: readonly LogChunk[]) => void) | undefined): void {
    this.#observer = observer;
  }

  /** Calls `listener` with every batch until the returned function is called. */
  listen(sessionId: string, listener: (chunks: readonly LogChunk[]) => void): () => void {
    this.#emitter.on(sessionId, listener);
    return () => this.#emitter.off(sessionId, listener);
  }

  listenerCount(sessionId: string): number {
    return this.#emitter.listenerCount(sessionId);
  }
}
