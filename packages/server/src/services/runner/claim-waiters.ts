import type { MaestroEvent } from "@maestro/domain";
import type { Context } from "../../context";
import type { EventBus } from "../../events";
import type { ServerLimits } from "../../limits";

/** Who holds a claim open, on which connection (and, in a subtype, what it can take). */
export interface ClaimRequest {
  ctx: Context;
  runnerId: string;
}

export interface ClaimWaitersOptions<TClaim, TRequest extends ClaimRequest> {
  limits: Pick<ServerLimits, "claimWaitersPerRunner" | "claimWaiters">;
  /** Claims for a waiter now; null: nothing is claimable for it. */
  claim(request: TRequest): Promise<TClaim | null>;
  /** An event after which something may be claimable (on this instance or another). */
  isWake(event: MaestroEvent): boolean;
  /** Waiters of one kind find the same things (default: all one kind). */
  kindOf?(request: TRequest): string;
  /** Also look again this often while any waits: something may become claimable with no event. */
  recheckMs?: number;
}

interface Waiter<TClaim, TRequest> {
  request: TRequest;
  resolve(claim: TClaim | null): void;
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
 * Idle runners' claims, held open (long polling): on a wake-up, claims are made for the waiters,
 * longest waiting first, and each claim is its waiter's answer. Bounded per runner and in total:
 * a claim past either bound is answered null at once (the runner polls again).
 */
export class ClaimWaiters<TClaim, TRequest extends ClaimRequest = ClaimRequest> {
  readonly #waiters: Waiter<TClaim, TRequest>[] = [];
  readonly #options: ClaimWaitersOptions<TClaim, TRequest>;
  #recheck: ReturnType<typeof setInterval> | null = null;
  #isScheduled = false;
  /** A hand-out is under way (claims are asynchronous): one at a time, so no waiter is served twice. */
  #isDraining = false;

  constructor(events: EventBus, options: ClaimWaitersOptions<TClaim, TRequest>) {
    this.#options = options;
    events.onEvent((event) => {
      if (this.#waiters.length > 0 && options.isWake(event)) this.#schedule();
    });
  }

  wait(request: TRequest, waitMs: number): Promise<TClaim | null> {
    const { signal } = request.ctx;
    // A connection closed before it could be listened to would never say so.
    if (signal?.aborted || !this.#hasRoomFor(request.runnerId)) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      // A caller whose connection closes is not handed anything.
      const onClose = () => this.#close(waiter);
      const waiter: Waiter<TClaim, TRequest> = {
        request,
        resolve,
        reject,
        isClaiming: false,
        isClosed: false,
        timer: setTimeout(onClose, waitMs),
        forget: () => signal?.removeEventListener("abort", onClose),
      };
      this.#waiters.push(waiter);
      signal?.addEventListener("abort", onClose, { once: true });
      this.#startRecheck();
    });
  }

  /** How many claims are held open (of this runner, or of all). */
  waiting(runnerId?: string): number {
    if (runnerId === undefined) return this.#waiters.length;
    return this.#waiters.filter((waiter) => waiter.request.runnerId === runnerId).length;
  }

  /** Answers this runner's open claims with nothing (it is stopping). */
  release(runnerId: string): number {
    const mine = this.#waiters.filter((waiter) => waiter.request.runnerId === runnerId);
    for (const waiter of mine) this.#close(waiter);
    return mine.length;
  }

  #hasRoomFor(runnerId: string): boolean {
    if (this.#waiters.length >= this.#options.limits.claimWaiters) return false;
    return this.waiting(runnerId) < this.#options.limits.claimWaitersPerRunner;
  }

  #startRecheck(): void {
    if (this.#recheck || this.#options.recheckMs === undefined) return;
    this.#recheck = setInterval(() => this.#schedule(), this.#options.recheckMs);
    this.#recheck.unref();
  }

  /** Answers a waiter with nothing now, or (a claim being made for it) with that claim's outcome. */
  #close(waiter: Waiter<TClaim, TRequest>): void {
    if (waiter.isClaiming) waiter.isClosed = true;
    else this.#drop(waiter, null);
  }

  #drop(waiter: Waiter<TClaim, TRequest>, claim: TClaim | null, error?: unknown): void {
    const index = this.#waiters.indexOf(waiter);
    if (index === -1) return;
    this.#waiters.splice(index, 1);
    clearTimeout(waiter.timer);
    waiter.forget();
    if (this.#waiters.length === 0 && this.#recheck) {
      clearInterval(this.#recheck);
      this.#recheck = null;
    }
    if (error === undefined) waiter.resolve(claim);
    else waiter.reject(error);
  }

  /**
   * After the publishing that woke it has finished (a claim may publish events of its own, which
   * must not overtake the ones being delivered), hand out to the waiters.
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

  /**
   * Claims for the waiters in order (longest waiting first) until nothing is claimable. A waiter
   * that found nothing is passed over, not waited on: one of another kind may find something.
   */
  async #handOut(): Promise<void> {
    const kindOf = (waiter: Waiter<TClaim, TRequest>) => this.#options.kindOf?.(waiter.request) ?? "";
    const foundNothing = new Set<string>();
    for (;;) {
      // Looked up afresh each time: others may have gone, or come, while it claimed.
      const waiter = this.#waiters.find((each) => !foundNothing.has(kindOf(each)));
      if (!waiter) return;
      if (await this.#isEmptyHanded(waiter)) foundNothing.add(kindOf(waiter));
    }
  }

  /** Claims for one waiter, answering it unless it found nothing and is still open. */
  async #isEmptyHanded(waiter: Waiter<TClaim, TRequest>): Promise<boolean> {
    let claim: TClaim | null;
    waiter.isClaiming = true;
    try {
      claim = await this.#options.claim(waiter.request);
    } catch (error) {
      // The runner hears why (and asks again); the server carries on.
      this.#drop(waiter, null, error);
      return false;
    } finally {
      waiter.isClaiming = false;
    }
    // One closed meanwhile still gets what was claimed for it (as an answer a little late).
    if (claim !== null || waiter.isClosed) this.#drop(waiter, claim);
    return claim === null;
  }
}
