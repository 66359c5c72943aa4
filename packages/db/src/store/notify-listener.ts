import pg from "pg";
import { checkChannel } from "./notify";

/** What a PgListener tells. Its calls are not awaited: a slow subscriber never holds up the connection. */
export interface PgListenerSubscriber {
  /** A notification on one of the channels, sent by a transaction that has committed. */
  notification(channel: string, payload: string): void | Promise<void>;
  /**
   * Listening on every channel, the first time and after each re-connect. Notifications sent while
   * not listening are lost: read whatever may have been missed (the tables are the truth).
   */
  connected(): void | Promise<void>;
  /** The connection broke, a re-connect failed, or a call of this subscriber threw. For the log. */
  error(error: Error): void;
}

export interface OpenPgListenerOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  channels: readonly string[];
  subscriber: PgListenerSubscriber;
  /** How the connection shows in pg_stat_activity. */
  applicationName?: string;
  /** The wait before a re-connect: `initialDelayMs`, doubled after each failure up to `maxDelayMs`. */
  retry?: { initialDelayMs?: number; maxDelayMs?: number };
  /**
   * The idle connection runs a query every `intervalMs`; no answer within `timeoutMs` counts as a
   * broken connection (one that died without a word, which TCP would notice only much later).
   * `timeoutMs` also bounds connecting and each LISTEN.
   */
  ping?: { intervalMs?: number; timeoutMs?: number };
}

export interface PgListener {
  /** True while listening on a live connection. */
  readonly isConnected: boolean;
  /** Stops listening and re-connecting and closes the connection; no subscriber call follows. */
  close(): Promise<void>;
}

/**
 * Opens one dedicated connection (not from a pool: a pooled one goes back and stops listening)
 * and LISTENs on `channels`. Resolves once listening (after the first `connected` call); rejects
 * if that first connection fails. Later breaks are re-connected with backoff, each re-connect
 * followed by a `connected` call.
 */
export async function openPgListener(options: OpenPgListenerOptions): Promise<PgListener> {
  if (!Array.isArray(options.channels) || options.channels.length === 0) {
    throw new TypeError("channels: at least one channel to listen on is required");
  }
  options.channels.forEach((channel, index) => checkChannel(channel, `channels[${index}]`));
  const listener = new Listener(options);
  await listener.start();
  return listener;
}

class Listener implements PgListener {
  private client: pg.Client | undefined;
  private isClosed = false;
  private retryDelayMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private connecting: Promise<void> | undefined;
  /** The connection `connecting` is making. */
  private pending: pg.Client | undefined;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly pingIntervalMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: OpenPgListenerOptions) {
    this.initialDelayMs = milliseconds(options.retry?.initialDelayMs, "retry.initialDelayMs", 100);
    this.maxDelayMs = milliseconds(options.retry?.maxDelayMs, "retry.maxDelayMs", Math.max(5_000, this.initialDelayMs));
    if (this.maxDelayMs < this.initialDelayMs) {
      throw new RangeError(`retry.maxDelayMs: at least retry.initialDelayMs (${this.initialDelayMs}) is required`);
    }
    this.pingIntervalMs = milliseconds(options.ping?.intervalMs, "ping.intervalMs", 15_000);
    this.timeoutMs = milliseconds(options.ping?.timeoutMs, "ping.timeoutMs", 10_000);
    this.retryDelayMs = this.initialDelayMs;
  }

  get isConnected(): boolean {
    return this.client !== undefined;
  }

  /** The first connection: nobody holds the listener yet, so nothing can close it meanwhile. */
  start(): Promise<void> {
    return this.connect();
  }

  async close(): Promise<void> {
    this.isClosed = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.pingTimer);
    // A connection being made is cut short; one made meanwhile ends itself on seeing `isClosed`.
    if (this.pending) discard(this.pending);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    if (client) await this.endGracefully(client);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: this.options.applicationName ?? "maestro listener",
      keepAlive: true,
      connectionTimeoutMillis: this.timeoutMs,
      query_timeout: this.timeoutMs,
    });
    let failure: Error | undefined;
    const broken = (error: Error) => (this.client === client ? this.lose(client, error) : (failure ??= error));
    client.on("error", broken);
    client.on("end", () => broken(new Error("the listening connection was closed")));
    client.on("notification", ({ channel, payload }) => {
      if (!this.isClosed) this.call(() => this.options.subscriber.notification(channel, payload ?? ""));
    });
    this.pending = client;
    try {
      await client.connect();
      for (const channel of this.options.channels) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      if (failure) throw failure;
    } catch (error) {
      discard(client);
      throw error;
    } finally {
      this.pending = undefined;
    }
    if (this.isClosed) {
      await this.endGracefully(client);
      return;
    }
    this.client = client;
    this.retryDelayMs = this.initialDelayMs;
    this.schedulePing(client);
    this.call(() => this.options.subscriber.connected());
  }

  /** The current connection broke: drop it and try again after the backoff. */
  private lose(client: pg.Client, error: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    clearTimeout(this.pingTimer);
    discard(client);
    this.report(error);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.isClosed) return;
    // Jittered, so instances that lost the server together do not all come back at one instant.
    const delay = this.retryDelayMs * (0.5 + Math.random() / 2);
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.maxDelayMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connecting = this.connect()
        .catch((error: unknown) => {
          this.report(error);
          this.scheduleReconnect();
        })
        .finally(() => (this.connecting = undefined));
    }, delay);
  }

  private schedulePing(client: pg.Client): void {
    this.pingTimer = setTimeout(() => {
      client.query("SELECT 1").then(
        () => this.client === client && this.schedulePing(client),
        (error: Error) => this.lose(client, new Error(`the listening connection did not answer: ${error.message}`)),
      );
    }, this.pingIntervalMs);
  }

  private async endGracefully(client: pg.Client): Promise<void> {
    client.removeAllListeners("notification");
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.timeoutMs)));
    await Promise.race([client.end().catch(() => undefined), timedOut]);
    clearTimeout(timer);
    discard(client);
  }

  private call(fn: () => void | Promise<void>): void {
    try {
      void Promise.resolve(fn()).catch((error: unknown) => this.report(error));
    } catch (error) {
      this.report(error);
    }
  }

  private report(error: unknown): void {
    if (this.isClosed) return;
    try {
      this.options.subscriber.error(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // A subscriber's logger that throws must not stop the re-connects.
    }
  }
}

function milliseconds(value: number | undefined, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${field}: a whole number of milliseconds above 0 is required (got ${value})`);
  }
  return value;
}

/** Closes the socket without a goodbye (the connection is broken or done); later errors are ignored. */
function discard(client: pg.Client): void {
  client.removeAllListeners();
  client.on("error", () => undefined);
  client.connection.stream.destroy();
}
