import { EVENTS_CHANNEL, type PgListener, type Store, latestEventId, listEvents, openPgListener } from "@maestro/db";
import type { EventBus } from "./events";
import type { Logger } from "./observe/logger";

/** Events read from the log per query while catching up. */
const PAGE = 500;

/**
 * Several instances on one PostgreSQL database: every instance publishes every event on its bus,
 * its own and the others', in id order, by reading the event log after the last id it published.
 * A notification on `maestro_events` (sent by each event-appending transaction, delivered after
 * COMMIT) or the instance's own commit is only the wake-up; the log is the truth, so a lost or
 * merged notification costs latency, never an event, and a reconnect catches up. Event ids are
 * assigned in commit order (lockEventLog), so reading `id > cursor` never skips one.
 */
export class EventFeed {
  #cursor: number;
  #running: Promise<void> | undefined;
  #again = false;
  #listener: PgListener | undefined;
  #closed = false;

  private constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly log: Logger,
    cursor: number,
  ) {
    this.#cursor = cursor;
  }

  /** Starts after the log's latest event (earlier ones are history: subscriptions read it themselves). */
  static async start(options: { store: Store; bus: EventBus; url: string; log: Logger }): Promise<EventFeed> {
    const { store, bus, url, log } = options;
    const feed = new EventFeed(store, bus, log, await latestEventId(store.db));
    feed.#listener = await openPgListener({
      url,
      channels: [EVENTS_CHANNEL],
      applicationName: "maestro events",
      subscriber: {
        notification: () => void feed.catchUp(),
        connected: () => void feed.catchUp(),
        error: (error) => log.warn(`event notifications: ${String(error)}`),
      },
    });
    bus.useFeed(feed);
    return feed;
  }

  /**
   * Publishes every event committed after the last one published, in id order. One read runs at a
   * time; a call during it makes it read once more, and its promise settles after that read.
   */
  catchUp(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#readAll().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #readAll(): Promise<void> {
    do {
      this.#again = false;
      try {
        for (;;) {
          const events = await listEvents(this.store.db, { afterId: this.#cursor, limit: PAGE });
          if (events.length === 0 || this.#closed) break;
          this.#cursor = Number(events.at(-1)!.id);
          this.bus.publish(events);
          if (events.length < PAGE) break;
        }
      } catch (error) {
        // The next notification or commit tries again from the same cursor: nothing is skipped.
        this.log.error(`could not read the event log: ${String(error)}`);
      }
    } while (this.#again && !this.#closed);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.bus.useFeed(undefined);
    await this.#listener?.close();
    await this.#running;
  }
}
