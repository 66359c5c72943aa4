import { EventEmitter, on } from "node:events";
import type { MaestroEvent } from "@maestro/domain";

const CHANNEL = "event";
/** In-process reactions (the scheduler) listen apart from subscriptions, which are counted. */
const REACTIONS = "reaction";

/**
 * The typed, in-process event bus. Services publish after commit; subscriptions listen.
 * Events are already durable in the events table, so the bus is only the fast path.
 */
export class EventBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  publish(events: readonly MaestroEvent[]): void {
    for (const event of events) {
      this.#emitter.emit(CHANNEL, event);
      this.#emitter.emit(REACTIONS, event);
    }
  }

  /**
   * Registers at once (so nothing published after this call is missed) and yields events
   * until `signal` aborts.
   */
  subscribe(signal: AbortSignal): AsyncIterator<MaestroEvent> {
    const iterator = on(this.#emitter, CHANNEL, { signal }) as AsyncIterableIterator<[MaestroEvent]>;
    return {
      next: async () => {
        try {
          const result = await iterator.next();
          return result.done ? { done: true, value: undefined } : { done: false, value: result.value[0] };
        } catch (error) {
          if (signal.aborted) return { done: true, value: undefined };
          throw error;
        }
      },
      return: async () => {
        await iterator.return?.();
        return { done: true, value: undefined };
      },
    };
  }

  /** A synchronous listener (for in-process reactions such as the scheduler); returns its remover. */
  onEvent(listener: (event: MaestroEvent) => void): () => void {
    this.#emitter.on(REACTIONS, listener);
    return () => this.#emitter.off(REACTIONS, listener);
  }

  /** Live subscriptions (in-process reactions not counted). */
  listenerCount(): number {
    return this.#emitter.listenerCount(CHANNEL);
  }
}
