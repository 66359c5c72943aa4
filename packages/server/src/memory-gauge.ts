/** A machine's available memory as a runner last reported it. */
export interface MemoryReading {
  availableMb: number;
  runnerId: string;
  /** When it was reported (epoch ms). */
  at: number;
}

/** A report older than this (six default heartbeats) no longer says anything about the machine. */
export const MEMORY_REPORT_MAX_AGE_MS = 30_000;

/**
 * Available memory where the agents run, as runners report it with each heartbeat. The server
 * never reads its own: agents run on runners' machines, and the embedded runner (the server's
 * machine) reports through the same heartbeat. With several runners the freshest report wins:
 * any of them may claim the next session, and the newest figure is the truest about any of them.
 * No fresh report means no runner is alive to start anything: no reading, no memory check.
 * One per server, like the dispatcher; tests report what they like into it.
 */
export class MemoryGauge {
  #latest: MemoryReading | undefined;

  report(runnerId: string, availableMb: number, now = Date.now()): void {
    this.#latest = { runnerId, availableMb, at: now };
  }

  read(now = Date.now()): MemoryReading | null {
    const latest = this.#latest;
    return latest && now - latest.at <= MEMORY_REPORT_MAX_AGE_MS ? latest : null;
  }
}
