import { type Store, countSessionsByStatus } from "@maestro/db";
import { type MaestroEvent, isSessionEnded } from "@maestro/domain";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { EventBus } from "../events";
import { SessionClock } from "./session-clock";

/** Where a webhook delivery attempt left it. */
export type WebhookOutcome = "delivered" | "retry" | "failed";

/** Seconds: from a fraction of a millisecond (a commit) to minutes (a session waiting for a runner). */
const SHORT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const LONG_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

let processMetrics: Registry | undefined;

/**
 * The process's own (CPU, memory, event loop, GC), once per process however many servers it
 * runs: each collection installs observers that live as long as the process. Unprefixed
 * (process_*, nodejs_*): the names every Node.js dashboard already knows.
 */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

/**
 * One server's metrics, in a registry of its own (several servers may share a process: tests).
 * Everything here is cheap on the hot path: counters and histograms are a few arithmetic
 * operations; what needs the database (sessions by status) is read only when scraped.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<"procedure" | "status">;
  readonly webhookDeliveries: Counter<"outcome">;
  readonly dbTransactions: Histogram<"outcome">;
  readonly fanOutLag: Histogram;
  readonly claimLatency: Histogram;
  readonly spawnLatency: Histogram;
  /** Tasks autopilot holds back for a slot, by project key, as of its last pass over the project. */
  readonly #queueDepths = new Map<string, number>();
  readonly #clock = new SessionClock();
  /** When each live event was published (performance.now()), for its fan-out lag. */
  readonly #publishedAt = new WeakMap<object, number>();

  constructor(database: Store) {
    processRegistry();
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: "maestro_http_requests_total",
      help: "HTTP requests answered, by tRPC procedure (or route: /mcp, /auth, /healthz, /metrics, static) and status",
      labelNames: ["procedure", "status"],
      registers,
    });
    this.webhookDeliveries = new Counter({
      name: "maestro_webhook_deliveries_total",
      help: "Webhook delivery attempts by outcome: delivered, retry (queued again), failed (gave up)",
      labelNames: ["outcome"],
      registers,
    });
    this.dbTransactions = new Histogram({
      name: "maestro_db_transaction_seconds",
      help: "Database write transactions, BEGIN to durable COMMIT (a group commit is one), by outcome",
      labelNames: ["outcome"],
      buckets: SHORT_BUCKETS,
      registers,
    });
    this.fanOutLag = new Histogram({
      name: "maestro_event_fanout_lag_seconds",
      help: "From an event's publication (after its commit) to its write to a subscriber's WebSocket",
      buckets: SHORT_BUCKETS,
      registers,
    });
    this.claimLatency = new Histogram({
      name: "maestro_session_claim_latency_seconds",
      help: "From a session being queued to a runner claiming it",
      buckets: LONG_BUCKETS,
      registers,
    });
    this.spawnLatency = new Histogram({
      name: "maestro_session_spawn_latency_seconds",
      help: "From a runner claiming a session to its agent running (worktree, set-up and spawn)",
      buckets: LONG_BUCKETS,
      registers,
    });
    this.#sessionGauge(database);
    this.#queueGauge();
    database.observeTransactions((seconds, committed) =>
      this.dbTransactions.observe({ outcome: committed ? "commit" : "rollback" }, seconds),
    );
  }

  /** Listens to the bus: sessions' claims and starts, and every event's publication time. */
  listen(events: EventBus): () => void {
    return events.onEvent((event) => this.#onEvent(event));
  }

  /** A stream item was written to a subscriber's socket: its lag, if it is a live event. */
  observeSent(item: unknown): void {
    const event = Array.isArray(item) ? item[1] : item;
    if (typeof event !== "object" || event === null) return;
    const publishedAt = this.#publishedAt.get(event);
    if (publishedAt !== undefined) this.fanOutLag.observe((performance.now() - publishedAt) / 1000);
  }

  setQueueDepth(projectKey: string, depth: number): void {
    this.#queueDepths.set(projectKey, depth);
  }

  /** Forgets projects whose autopilot no longer runs (or that are gone). */
  keepQueueDepths(projectKeys: ReadonlySet<string>): void {
    for (const key of this.#queueDepths.keys()) if (!projectKeys.has(key)) this.#queueDepths.delete(key);
  }

  async render(): Promise<string> {
    const [process, server] = await Promise.all([processRegistry().metrics(), this.registry.metrics()]);
    return `${process}\n${server}`;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  #onEvent(event: MaestroEvent): void {
    // Reactions hear an event right after its subscribers were handed it: that is its publication.
    this.#publishedAt.set(event, performance.now());
    if (event.entity !== "session" || (event.kind !== "session.created" && event.kind !== "session.updated")) return;
    // Only a change of status moves the clock: a claimed session changes in other ways while it
    // waits to start (a stop asked for, a usage-limit hold), and each would be a second claim.
    if (event.kind === "session.updated" && !event.payload.changed.includes("status")) return;
    const { session } = event.payload;
    const now = Date.now();
    if (session.status === "queued") this.#clock.queued(session.id, now);
    else if (session.status === "starting") {
      const waited = this.#clock.claimed(session.id, now, Date.parse(session.createdAt));
      if (waited !== undefined) this.claimLatency.observe(waited / 1000);
    } else if (session.status === "running") {
      const spawning = this.#clock.started(session.id, now);
      if (spawning !== undefined) this.spawnLatency.observe(spawning / 1000);
    } else if (isSessionEnded(session.status)) this.#clock.forget(session.id);
  }

  #sessionGauge(database: Store): void {
    new Gauge({
      name: "maestro_sessions",
      help: "Sessions by status (read from the database's status index when scraped)",
      labelNames: ["status"],
      registers: [this.registry],
      async collect() {
        const counts = await countSessionsByStatus(database.db);
        for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
      },
    });
  }

  #queueGauge(): void {
    const depths = this.#queueDepths;
    new Gauge({
      name: "maestro_queue_depth",
      help: "Ready tasks autopilot holds back for a slot (or a limit, an overlap, a pause), by project",
      labelNames: ["project"],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [project, depth] of depths) this.set({ project }, depth);
      },
    });
  }
}
