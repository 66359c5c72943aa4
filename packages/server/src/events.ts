import { EventEmitter } from "node:events";
import type { MaestroEvent } from "@maestro/domain";

const CHANNEL = "event";
/** In-process reactions (the scheduler) listen apart from subscriptions, which are counted. */
const REACTIONS = "reaction";
/** Events one subscriber may have waiting unread (a slow WebSocket client) before they are dropped. */
export const MAX_PENDING_EVENTS = 1_000;
/** Handed to a subscriber in place of the events it was too slow to take: read them from the table. */
export const OVERFLOWED = Symbol("overflowed");

/** Every event the bus handed out: one object shared by all its subscribers, never changed after. */
const published = new WeakSet<object>();

/** Whether `value` is an event as published (so its JSON is the same for every subscriber: see ws-encoder). */
export function isPublishedEvent(value: object): boolean {
  return published.has(value);
}

/**
 * The typed, in-process event bus. Services publish after commit; subscriptions listen.
 * Events are already durable in the events table, so the bus is only the fast path.
 */
export class EventBus {
  readonly #emitter = new EventEmitter();
  /** On PostgreSQL, where events come from: the log, read in id order across instances (event-feed.ts). */
  #feed: { catchUp(): Promise<void> } | undefined;

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  /**
   * Reads published events from `feed` from now on: committed() then asks it to catch up with
   * the log instead of publishing the transaction's own events (another instance's may come first).
   */
  useFeed(feed: { catchUp(): Promise<void> } | undefined): void {
    this.#feed = feed;
  }

  /**
   * A transaction that stored `events` has committed: they are published (through the feed on
   * PostgreSQL, together with whatever other instances committed before them) when this resolves.
   */
  async committed(events: readonly MaestroEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (this.#feed) await this.#feed.catchUp();
    else this.publish(events);
  }

  publish(events: readonly MaestroEvent[]): void {
    for (const event of events) {
      published.add(event);
      this.#emitter.emit(CHANNEL, event);
      this.#emitter.emit(REACTIONS, event);
    }
  }

  /**
   * Registers at once (so nothing published after this call is missed) and yields events
   * until `signal` aborts. At most `maxPending` wait unread: past that they are dropped and the
   * subscriber is handed OVERFLOWED instead, to read what it missed from the events table.
   */
  subscribe(signal: AbortSignal, maxPending = MAX_PENDING_EVENTS): AsyncIterator<MaestroEvent | typeof OVERFLOWED> {
    const queue: Array<MaestroEvent | typeof OVERFLOWED> = [];
    let wake: (() => void) | undefined;
    const listener = (event: MaestroEvent) => {
      if (queue.length >= maxPending) queue.splice(0, queue.length, OVERFLOWED);
      else queue.push(event);
      wake?.();
    };
    const stop = () => {
      this.#emitter.off(CHANNEL, listener);
      wake?.();
    };
    this.#emitter.on(CHANNEL, listener);
    signal.addEventListener("abort", stop, { once: true });
    return {
      next: async () => {
        while (queue.length === 0 && !signal.aborted) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        return signal.aborted ? { done: true, value: undefined } : { done: false, value: queue.shift()! };
      },
      return: async () => {
        stop();
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
