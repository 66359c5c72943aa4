import { EventEmitter } from "node:events";
import type { LogChunk } from "@maestro/domain";

/**
 * Fans stored log batches out to the subscribers of one session. A batch is published once per
 * write, never per line; subscribers bound their own queues (see follow-logs.ts).
 */
export class LogBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  publish(sessionId: string, chunks: readonly LogChunk[]): void {
    if (chunks.length > 0) this.#emitter.emit(sessionId, chunks);
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
