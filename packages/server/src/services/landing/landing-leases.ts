import { type Db, holdsLease } from "@maestro/db";
import { messageOf } from "@maestro/domain";
import type { Context } from "../../context";
import type { ProjectLeases } from "../autopilot/project-leases";
import { withProjectLock } from "./landing-lock";
import { recoverLandings } from "./recover-landings";

/** Inside the transaction recording a landing's intent: whether this instance may still move the ref. */
export type IntentFence = (tx: Db) => Promise<boolean>;

/** One term of a project's lease, as a landing under it sees it. */
export interface LeaseTerm {
  /** False once a renewal found the lease lost: no further step starts. */
  isHeld(): boolean;
  /** Checked with the intent, in its transaction (the lease row locked on PostgreSQL until it commits). */
  fence: IntentFence;
}

/**
 * The landing side of the scheduler leases (several instances on one PostgreSQL database): a
 * project is landed only while this instance holds its lease, renewed every third of its term
 * meanwhile, whoever lands (the lander, or `task land` received here). Taking a project over (a
 * term not seen before) first makes whatever landing the last holder left half done agree with the ref.
 */
export class LandingLeases {
  /** Per project, the term whose leftovers were recovered. */
  readonly #recovered = new Map<string, number>();

  constructor(
    readonly projectLeases: ProjectLeases,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Runs `fn` under the project's lease, taken (or renewed) first; false, without running it,
   * while another live instance holds the lease.
   */
  async whileHeld(ctx: Context, projectId: string, fn: (term: LeaseTerm) => Promise<void>): Promise<boolean> {
    const leases = this.projectLeases;
    if (!(await leases.take(projectId, Date.now()))) return false;
    const epoch = leases.epochOf(projectId)!;
    if (this.#recovered.get(projectId) !== epoch) {
      // Under the project's lock: a landing of this instance may be under way there right now.
      await withProjectLock(ctx.database, projectId, () => recoverLandings(ctx, { log: this.log }, projectId));
      this.#recovered.set(projectId, epoch);
    }
    let isHeld = true;
    let renewing: Promise<void> = Promise.resolve();
    const renew = setInterval(
      () => {
        renewing = leases
          .take(projectId, Date.now())
          .then((isTaken) => {
            // Lost (this instance stalled past its term and another took over): no further step.
            if (!isTaken || leases.epochOf(projectId) !== epoch) isHeld = false;
          })
          .catch((error: unknown) => this.log(`lander: renewing the lease: ${messageOf(error)}`));
      },
      Math.max(1, Math.floor(leases.ttlMs / 3)),
    );
    try {
      await fn({ isHeld: () => isHeld, fence: (tx) => this.holdsTerm(tx, projectId, epoch) });
    } finally {
      clearInterval(renew);
      await renewing;
    }
    return true;
  }

  /**
   * Whether the term `epoch` is still this instance's and runs a third of a term more: the ref
   * moves right after the intent commits, so a term about to lapse is not started on.
   */
  protected async holdsTerm(tx: Db, projectId: string, epoch: number): Promise<boolean> {
    const { holder, ttlMs } = this.projectLeases;
    return await holdsLease(tx, projectId, holder, epoch, new Date(Date.now() + Math.floor(ttlMs / 3)));
  }
}
