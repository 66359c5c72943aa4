/** Sessions timed at once, at most: past it the oldest are forgotten (a metric, not a record). */
const MAX_TIMED = 10_000;

/**
 * When sessions were queued and claimed (epoch ms), in memory: a server that restarts loses
 * them, and a session queued before that is timed from its creation instead.
 */
export class SessionClock {
  readonly #queuedAt = new Map<string, number>();
  readonly #claimedAt = new Map<string, number>();

  queued(sessionId: string, now: number): void {
    this.#claimedAt.delete(sessionId);
    remember(this.#queuedAt, sessionId, now);
  }

  /** Milliseconds it waited in the queue. */
  claimed(sessionId: string, now: number, createdAt: number): number | undefined {
    const since = this.#queuedAt.get(sessionId) ?? createdAt;
    this.#queuedAt.delete(sessionId);
    remember(this.#claimedAt, sessionId, now);
    return Number.isFinite(since) ? Math.max(0, now - since) : undefined;
  }

  /** Milliseconds from its claim to its agent running; undefined when the claim was not seen. */
  started(sessionId: string, now: number): number | undefined {
    const since = this.#claimedAt.get(sessionId);
    this.#claimedAt.delete(sessionId);
    return since === undefined ? undefined : Math.max(0, now - since);
  }

  forget(sessionId: string): void {
    this.#queuedAt.delete(sessionId);
    this.#claimedAt.delete(sessionId);
  }
}

function remember(times: Map<string, number>, id: string, at: number): void {
  times.delete(id);
  if (times.size >= MAX_TIMED) times.delete(times.keys().next().value!);
  times.set(id, at);
}
