import { type Db, type Store, acquireLease, holdsLease, releaseLease } from "@maestro/db";

/** How long a lease lasts unrenewed: a dead instance's projects are taken over within about this. */
export const SCHEDULER_LEASE_MS = 10_000;

/**
 * Several instances on one PostgreSQL database: exactly one schedules a given project at a time.
 * An instance takes (or renews) a project's lease before each pass over it, in a transaction of
 * its own, and checks it again as the first statement of the scheduling transaction (the fence:
 * an instance that paused past its lease and woke up changes nothing). Leases expire after
 * SCHEDULER_LEASE_MS without renewal, so another instance takes over a dead one's projects; a
 * stopping instance releases its own at once (graceful hand-over). The lander lands a project's
 * tasks only under the same lease (services/landing/lander.ts).
 */
export class ProjectLeases {
  readonly #epochs = new Map<string, number>();

  constructor(
    private readonly store: Store,
    /** This instance, as the holder of its leases: unique per running server. */
    readonly holder: string,
    /** How long a lease lasts unrenewed. */
    readonly ttlMs = SCHEDULER_LEASE_MS,
  ) {}

  /** Takes or renews the project's lease; false while another instance holds it. */
  async take(projectId: string, now: number): Promise<boolean> {
    const lease = await this.store.transaction((tx) =>
      acquireLease(tx, projectId, this.holder, new Date(now), this.ttlMs),
    );
    if (lease) this.#epochs.set(projectId, lease.epoch);
    else this.#epochs.delete(projectId);
    return lease !== null;
  }

  /**
   * The term this instance last took the project's lease in (undefined: not held). A different
   * epoch than before means a takeover: whatever the last holder left half done is this one's now.
   */
  epochOf(projectId: string): number | undefined {
    return this.#epochs.get(projectId);
  }

  /** Inside the scheduling transaction: whether this instance still holds the lease it took. */
  async fence(tx: Db, projectId: string, now: number): Promise<boolean> {
    const epoch = this.#epochs.get(projectId);
    return epoch !== undefined && (await holdsLease(tx, projectId, this.holder, epoch, new Date(now)));
  }

  /** Gives up every lease held, so the other instances take the projects over on their next pass. */
  async releaseAll(): Promise<void> {
    const held = [...this.#epochs];
    this.#epochs.clear();
    for (const [projectId, epoch] of held) {
      await this.store.transaction((tx) => releaseLease(tx, projectId, this.holder, epoch));
    }
  }
}
