import type { LandJob, LandJobMode, MaestroEvent } from "@maestro/domain";
import type { Context } from "../../context";
import type { EventBus } from "../../events";
import { DEFAULT_LIMITS, type ServerLimits } from "../../limits";
import { claimNextLanding } from "./claim-landing";

interface Waiter {
  ctx: Context;
  runnerId: string;
  /** The jobs it can do (absent: `land` only). */
  modes?: readonly LandJobMode[];
  resolve(job: LandJob | null): void;
  reject(error: unknown): void;
  timer: ReturnType<typeof setTimeout>;
  /** A claim is being made for it: closing it now would lose that claim, so it waits for the answer. */
  isClaiming: boolean;
  isClosed: boolean;
  forget(): void;
}

/** Claims also look again this often while runners wait: a claim whose lease ran out is free with no event. */
const RECHECK_MS = 1_000;

/**
 * Runners' `claimLanding` calls held open (long polling), as the Dispatcher holds session claims:
 * woken by a task entering `landing` (a land job queued, on this instance or another: events reach
 * every instance) and every second, the runner waiting longest served first. Bounded like session
 * claims: past a bound a claim is answered null at once.
 */
export class LandingWaiters {
  readonly #waiters: Waiter[] = [];
  readonly #limits: Pick<ServerLimits, "claimWaitersPerRunner" | "claimWaiters">;
  #recheck: ReturnType<typeof setInterval> | null = null;
  #isScheduled = false;
  #isDraining = false;

  constructor(events: EventBus, limits: Pick<ServerLimits, "claimWaitersPerRunner" | "claimWaiters"> = DEFAULT_LIMITS) {
    this.#limits = limits;
    events.onEvent((event) => {
      if (this.#waiters.length > 0 && isLandingQueued(event)) this.#schedule();
    });
  }

  wait(ctx: Context, runnerId: string, waitMs: number, modes?: readonly LandJobMode[]): Promise<LandJob | null> {
    const mine = this.#waiters.filter((waiter) => waiter.runnerId === runnerId).length;
    if (this.#waiters.length >= this.#limits.claimWaiters || mine >= this.#limits.claimWaitersPerRunner) {
      return Promise.resolve(null);
    }
    return new Promise((resolve, reject) => {
      const onClose = () => this.#close(waiter);
      const waiter: Waiter = {
        ctx,
        runnerId,
        modes,
        resolve,
        reject,
        isClaiming: false,
        isClosed: false,
        timer: setTimeout(onClose, waitMs),
        forget: () => ctx.signal?.removeEventListener("abort", onClose),
      };
      this.#waiters.push(waiter);
      ctx.signal?.addEventListener("abort", onClose, { once: true });
      this.#startRecheck();
    });
  }

  /** How many landing claims are held open (of this runner, or of all). */
  waiting(runnerId?: string): number {
    return this.#waiters.filter((waiter) => runnerId === undefined || waiter.runnerId === runnerId).length;
  }

  /** Answers this runner's open landing claims with nothing (it is stopping). */
  release(runnerId: string): number {
    const mine = this.#waiters.filter((waiter) => waiter.runnerId === runnerId);
    for (const waiter of mine) this.#close(waiter);
    return mine.length;
  }

  #startRecheck(): void {
    if (this.#recheck) return;
    this.#recheck = setInterval(() => this.#schedule(), RECHECK_MS);
    this.#recheck.unref();
  }

  #close(waiter: Waiter): void {
    if (waiter.isClaiming) waiter.isClosed = true;
    else this.#drop(waiter, null);
  }

  #drop(waiter: Waiter, job: LandJob | null, error?: unknown): void {
    const index = this.#waiters.indexOf(waiter);
    if (index === -1) return;
    this.#waiters.splice(index, 1);
    clearTimeout(waiter.timer);
    waiter.forget();
    if (this.#waiters.length === 0 && this.#recheck) {
      clearInterval(this.#recheck);
      this.#recheck = null;
    }
    if (error === undefined) waiter.resolve(job);
    else waiter.reject(error);
  }

  /** After the publishing that woke it (a claim publishes nothing, but keeps the Dispatcher's order). */
  #schedule(): void {
    if (this.#isScheduled) return;
    this.#isScheduled = true;
    if (this.#isDraining) return;
    queueMicrotask(() => void this.#drain());
  }

  async #drain(): Promise<void> {
    this.#isDraining = true;
    try {
      while (this.#isScheduled) {
        this.#isScheduled = false;
        await this.#handOut();
      }
    } finally {
      this.#isDraining = false;
    }
  }

  /**
   * Claims for the waiters in order (longest waiting first) until nothing is claimable. A waiter
   * that found nothing is passed over, not waited on: one asking for other modes may find a job.
   */
  async #handOut(): Promise<void> {
    const foundNothing = new Set<string>();
    let index = 0;
    while (index < this.#waiters.length) {
      const waiter = this.#waiters[index]!;
      const modes = (waiter.modes ?? ["land"]).toSorted().join(",");
      if (waiter.ctx.signal?.aborted) {
        this.#drop(waiter, null);
        continue;
      }
      if (foundNothing.has(modes)) {
        index += 1;
        continue;
      }
      let job: LandJob | null;
      waiter.isClaiming = true;
      try {
        job = await claimNextLanding(waiter.ctx, waiter.runnerId, waiter.modes);
      } catch (error) {
        this.#drop(waiter, null, error);
        continue;
      } finally {
        waiter.isClaiming = false;
      }
      // Others may have gone while it claimed: its place is looked up again.
      if (job || waiter.isClosed) this.#drop(waiter, job);
      else index = this.#waiters.indexOf(waiter) + 1;
      if (!job) foundNothing.add(modes);
    }
  }
}

function isLandingQueued(event: MaestroEvent): boolean {
  return (
    event.kind === "task.updated" &&
    event.payload.changed.includes("landing") &&
    event.payload.task.landing.landState === "landing"
  );
}
