/**
 * Open connections to close when what let them in ends (a revoked token, a signed-out browser),
 * by key. Each is forgotten when its connection closes first (its signal aborts).
 */
export class ConnectionClosers {
  readonly #byKey = new Map<string, Set<() => void>>();

  /** Calls `close` when `key` ends, until `signal` aborts (the connection closed). */
  watch(key: string, signal: AbortSignal, close: () => void): void {
    if (signal.aborted) return;
    let closers = this.#byKey.get(key);
    if (!closers) this.#byKey.set(key, (closers = new Set()));
    const watched = closers;
    watched.add(close);
    signal.addEventListener(
      "abort",
      () => {
        watched.delete(close);
        if (watched.size === 0 && this.#byKey.get(key) === watched) this.#byKey.delete(key);
      },
      { once: true },
    );
  }

  /** `key` ended: every connection it opened is closed now. */
  end(key: string): void {
    const closers = this.#byKey.get(key);
    this.#byKey.delete(key);
    for (const close of closers ?? []) close();
  }
}
