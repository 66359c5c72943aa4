import type { MaestroEvent } from "@maestro/domain";
import type { Context } from "../../context";
import type { EventBus } from "../../events";
import { DEFAULT_LIMITS, type ServerLimits } from "../../limits";
import { type Claim, claimNext } from "./claim-session";
import { LandingWaiters } from "./landing-waiters";

interface Waiter {
  ctx: Context;
  runnerId: string;
  resolve(claim: Claim | null): void;
  reject(error: unknown): void;
  timer: ReturnType<typeof setTimeout>;
  /** A claim is being made for it: closing it now would lose that claim, so it waits for the answer. */
  isClaiming: boolean;
  /** Closed (timed out, connection gone, runner stopping) while a claim was being made for it. */
  isClosed: boolean;
  /** Stops listening to the caller's connection (which outlives many claims). */
  forget(): void;
}

/**
 * Idle runners' claims, held open (long polling): a session queued meanwhile is claimed for the
 * runner that has waited longest, right after the commit that queued it, and is the answer to
 * its claim. The runner no longer hears of the session through an event and then asks for it.
 * One per server (in its context, beside the event bus it listens to). Waiters are bounded per
 * runner and in total: a claim past either bound is answered null at once (the runner polls again).
 */
export class Dispatcher {
  readonly #waiters: Waiter[] = [];
  readonly #limits: Pick<ServerLimits, "claimWaitersPerRunner" | "claimWaiters">;
  #isScheduled = false;
  /** A hand-out is under way (claims are asynchronous): one at a time, so no waiter is served twice. */
  #isDraining = false;
  /** Runners' land-job claims held open (a project whose repository is elsewhere), bounded alike. */
  readonly landings: LandingWaiters;

  constructor(events: EventBus, limits: Pick<ServerLimits, "claimWaitersPerRunner" | "claimWaiters"> = DEFAULT_LIMITS) {
    this.#limits = limits;
    this.landings = new LandingWaiters(events, limits);
    events.onEvent((event) => {
      if (this.#waiters.length > 0 && isQueued(event)) this.#schedule();
    });
  }

  wait(ctx: Context, runnerId: string, waitMs: number): Promise<Claim | null> {
    if (!this.#hasRoomFor(runnerId)) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      // A caller whose connection closes is not handed anything.
      const onClose = () => this.#close(waiter);
      const waiter: Waiter = {
        ctx,
        runnerId,
        resolve,
        reject,
        isClaiming: false,
        isClosed: false,
        timer: setTimeout(onClose, waitMs),
        forget: () => ctx.signal?.removeEventListener("abort", onClose),
      };
      this.#waiters.push(waiter);
      ctx.signal?.addEventListener("abort", onClose, { once: true });
    });
  }

  /** How many claims are held open (of this runner, or of all). */
  waiting(runnerId?: string): number {
    if (runnerId === undefined) return this.#waiters.length;
    return this.#waiters.filter((waiter) => waiter.runnerId === runnerId).length;
  }

  #hasRoomFor(runnerId: string): boolean {
    if (this.#waiters.length >= this.#limits.claimWaiters) return false;
    return this.waiting(runnerId) < this.#limits.claimWaitersPerRunner;
  }

  /** Answers this runner's open claims (of sessions and land jobs) with nothing (it is stopping). */
  release(runnerId: string): number {
    const mine = this.#waiters.filter((waiter) => waiter.runnerId === runnerId);
    for (const waiter of mine) this.#close(waiter);
    return mine.length + this.landings.release(runnerId);
  }

  /** Answers a waiter with nothing now, or (a claim being made for it) with that claim's outcome. */
  #close(waiter: Waiter): void {
    if (waiter.isClaiming) waiter.isClosed = true;
    else this.#drop(waiter, null);
  }

  #drop(waiter: Waiter, claim: Claim | null, error?: unknown): void {
    const index = this.#waiters.indexOf(waiter);
    if (index === -1) return;
    this.#waiters.splice(index, 1);
    clearTimeout(waiter.timer);
    waiter.forget();
    if (error === undefined) waiter.resolve(claim);
    else waiter.reject(error);
  }

  /**
   * After the publishing that woke it has finished (a claim publishes events of its own, which
   * must not overtake the ones being delivered), hand queued sessions to waiting runners.
   */
  #schedule(): void {
    if (this.#isScheduled) return;
    this.#isScheduled = true;
    // A hand-out under way goes round once more when it is done.
    if (this.#isDraining) return;
    queueMicrotask(() => void this.#drain());
  }

  /** Hands out until no wake-up is left pending. Never rejects: a failed claim is its waiter's answer. */
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

  /** Claims for the waiters in order (longest waiting first) until the queue is empty. */
  async #handOut(): Promise<void> {
    while (this.#waiters.length > 0) {
      const waiter = this.#waiters[0]!;
      if (waiter.ctx.signal?.aborted) {
        this.#drop(waiter, null);
        continue;
      }
      let claim: Claim | null;
      waiter.isClaiming = true;
      try {
        claim = await claimNext(waiter.ctx, waiter.runnerId);
      } catch (error) {
        // The runner hears why (and asks again); the server carries on.
        this.#drop(waiter, null, error);
        continue;
      } finally {
        waiter.isClaiming = false;
      }
      // One closed meanwhile still gets a session claimed for it (as an answer a little late).
      if (claim) this.#drop(waiter, claim);
      else if (waiter.isClosed) this.#drop(waiter, null);
      if (!claim) return;
    }
  }
}

function isQueued(event: MaestroEvent): boolean {
  return (
    (event.kind === "session.created" || event.kind === "session.updated") && event.payload.session.status === "queued"
  );
}
