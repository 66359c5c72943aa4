import { type PgListener, type Store, listLastLogChunks, listLogChunks, openPgListener } from "@maestro/db";
import type { LogChunk } from "@maestro/domain";
import type { LogBus } from "./log-bus";
import type { Logger } from "./observe/logger";

/** The channel a PostgreSQL transaction that stored log output notifies, with the session id as payload. */
export const LOGS_CHANNEL = "maestro_logs";
/** Chunks read per query while catching a session up. */
const PAGE = 500;

/**
 * Live session logs across instances on one PostgreSQL database: the runner's output may be
 * stored through another instance than the one a viewer follows it on. A notification on
 * `maestro_logs` names the session; if anyone here follows it, the chunks after the last one
 * this instance published for it are read (at most one read per session in flight) and published
 * on this instance's bus. The table is the truth: a lost notification only delays, and
 * follow-logs.ts reads any gap it sees from the table anyway.
 */
export class LogFeed {
  /** The last seq published here, per session followed here. */
  readonly #cursors = new Map<string, number>();
  readonly #reading = new Map<string, { again: boolean }>();
  #listener: PgListener | undefined;
  #closed = false;

  private constructor(
    private readonly store: Store,
    private readonly logs: LogBus,
    private readonly log: Logger,
  ) {
    // This instance's own batches move the cursor too, so a notification does not read them again.
    logs.observe((sessionId, chunks) => this.#advance(sessionId, chunks));
  }

  static async start(options: { store: Store; logs: LogBus; url: string; log: Logger }): Promise<LogFeed> {
    const feed = new LogFeed(options.store, options.logs, options.log);
    feed.#listener = await openPgListener({
      url: options.url,
      channels: [LOGS_CHANNEL],
      applicationName: "maestro logs",
      subscriber: {
        notification: (_channel, sessionId) => feed.#wake(sessionId),
        // After a reconnect every followed session may have missed output.
        connected: () => {
          for (const sessionId of feed.#cursors.keys()) feed.#wake(sessionId);
        },
        error: (error) => options.log.warn(`log notifications: ${String(error)}`),
      },
    });
    return feed;
  }

  #advance(sessionId: string, chunks: readonly LogChunk[]): void {
    const last = chunks.at(-1)?.seq;
    if (last !== undefined && last > (this.#cursors.get(sessionId) ?? 0)) this.#cursors.set(sessionId, last);
  }

  #wake(sessionId: string): void {
    if (this.#closed) return;
    if (this.logs.listenerCount(sessionId) === 0) {
      // Nobody follows it here: a follower that comes later reads the table first.
      this.#cursors.delete(sessionId);
      return;
    }
    const reading = this.#reading.get(sessionId);
    if (reading) {
      reading.again = true;
      return;
    }
    const state = { again: false };
    this.#reading.set(sessionId, state);
    void this.#read(sessionId, state).finally(() => this.#reading.delete(sessionId));
  }

  async #read(sessionId: string, state: { again: boolean }): Promise<void> {
    do {
      state.again = false;
      try {
        for (;;) {
          const cursor = this.#cursors.get(sessionId) ?? (await this.#startOf(sessionId));
          const chunks = await listLogChunks(this.store.db, sessionId, cursor, PAGE);
          if (chunks.length === 0 || this.#closed) break;
          this.logs.publish(sessionId, chunks);
          if (chunks.length < PAGE) break;
        }
      } catch (error) {
        this.log.error(`could not read session ${sessionId}'s log: ${String(error)}`);
      }
    } while (state.again && !this.#closed);
  }

  /**
   * Where a session first heard of here starts: at its last stored chunk. Its followers read the
   * table up to the moment they subscribed and, on a batch that does not follow what they have,
   * read the gap from the table (follow-logs.ts), so older output need not be published again.
   */
  async #startOf(sessionId: string): Promise<number> {
    const [last] = await listLastLogChunks(this.store.db, sessionId, 1);
    const cursor = last ? last.seq - 1 : 0;
    this.#cursors.set(sessionId, cursor);
    return cursor;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.logs.observe(undefined);
    await this.#listener?.close();
  }
}
