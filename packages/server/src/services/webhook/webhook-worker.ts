import {
  type Store,
  type DeliveryOutcome,
  type DueDelivery,
  claimDueDeliveries,
  findWebhookTarget,
  listDueDeliveries,
  recordDeliveryAttempt,
  releaseDeliveryClaim,
} from "@maestro/db";
import { WEBHOOK_MAX_ATTEMPTS, webhookBackoffMs } from "@maestro/domain";
import type { EventBus } from "../../events";
import { signatureHeaders } from "./sign-webhook";
import { mayNotify } from "./enqueue-notifications";
import { inStoreTransaction } from "../unit-of-work";

export interface WebhookWorkerOptions {
  /** How often queued deliveries are looked for (events also wake the worker). */
  pollMs?: number;
  /** A receiver gets this long to answer. */
  timeoutMs?: number;
  maxAttempts?: number;
  /** The wait before attempt `attempt + 1` (tests shorten it). */
  backoffMs?: (attempt: number) => number;
  log?: (line: string) => void;
  /** Hears where each attempt left its delivery (for /metrics). */
  onAttempt?: (outcome: "delivered" | "retry" | "failed") => void;
}

/** Deliveries in flight at once: across projects, and per project so one dead receiver cannot take them all. */
const MAX_IN_FLIGHT = 16;
const MAX_IN_FLIGHT_PER_PROJECT = 2;
/** What is kept of a failure (the error or the start of the receiver's answer). */
const MAX_ERROR_CHARS = 300;
/**
 * A claim outlasts the send's timeout by this much (the time to record the outcome): past it, an
 * instance that died mid-send leaves the delivery to another.
 */
const CLAIM_MARGIN_MS = 10_000;

/**
 * Sends the outbox: queued deliveries are POSTed off the request path, each with a timeout, and
 * retried with capped backoff. A delivery stays queued until answered, so a restart resends it.
 * On PostgreSQL several instances may share the outbox: each claims the deliveries it is about to
 * send (claimDueDeliveries), so every delivery is sent by one of them; one that died mid-send
 * leaves its claims to lapse (after the send's timeout and CLAIM_MARGIN_MS) and another sends
 * them. On SQLite (one server per file) nothing is claimed: the in-flight set is enough.
 */
export function startWebhookWorker(database: Store, events: EventBus, options: WebhookWorkerOptions = {}) {
  const settings = {
    pollMs: options.pollMs ?? 1_000,
    timeoutMs: options.timeoutMs ?? 10_000,
    maxAttempts: options.maxAttempts ?? WEBHOOK_MAX_ATTEMPTS,
    backoffMs: options.backoffMs ?? ((attempt: number) => webhookBackoffMs(attempt)),
  };
  const inFlight = new Map<string, string>();
  const stopping = new AbortController();
  const sends = new Set<Promise<void>>();
  const log = (line: string) => options.log?.(line);
  const isClaiming = database.engine === "postgres";
  /** Of the due deliveries read at `now`, those this instance sends: claimed first when others may send too. */
  const take = async (deliveries: DueDelivery[], now: Date) => {
    const until = isClaiming ? new Date(now.getTime() + settings.timeoutMs + CLAIM_MARGIN_MS) : null;
    if (!until || deliveries.length === 0) return { mine: deliveries, until };
    const ids = deliveries.map((delivery) => delivery.id);
    try {
      const mine = await inStoreTransaction(database, (tx) => claimDueDeliveries(tx, { ids, now, until }));
      const claimed = new Set(mine.map((delivery) => delivery.id));
      for (const id of ids) if (!claimed.has(id)) inFlight.delete(id);
      return { mine, until };
    } catch (error) {
      for (const id of ids) inFlight.delete(id);
      throw error;
    }
  };
  const scan = async () => {
    if (stopping.signal.aborted) return;
    const due = { now: new Date(), perProject: MAX_IN_FLIGHT_PER_PROJECT, limit: 10 * MAX_IN_FLIGHT };
    const startable: DueDelivery[] = [];
    for (const delivery of await listDueDeliveries(database.db, due)) {
      if (stopping.signal.aborted || !canStart(inFlight, delivery)) continue;
      // Held in the in-flight set from here (also while it is claimed), so the caps count it.
      inFlight.set(delivery.id, delivery.projectId);
      startable.push(delivery);
    }
    const { mine, until } = await take(startable, due.now);
    for (const delivery of mine) {
      const send = attempt(database, delivery, settings, stopping.signal, until)
        .then((status) => {
          if (status) options.onAttempt?.(status === "queued" ? "retry" : status);
        })
        .catch((error: unknown) => log(`webhook delivery ${delivery.id}: ${String(error)}`))
        .finally(() => {
          inFlight.delete(delivery.id);
          sends.delete(send);
        });
      sends.add(send);
    }
  };
  // One scan at a time (a delivery read as due while another scan's send of it settles would go
  // twice); a tick during a scan runs one more scan after it.
  let scanning: Promise<void> | null = null;
  let isScanAgain = false;
  const tick = (): void => {
    if (scanning) {
      isScanAgain = true;
      return;
    }
    scanning = scan()
      .catch((error: unknown) => log(`webhook worker: ${String(error)}`))
      .finally(() => {
        scanning = null;
        if (!isScanAgain) return;
        isScanAgain = false;
        tick();
      });
  };
  const timer = setInterval(tick, settings.pollMs);
  // An event that may have queued a delivery: look at once (once per turn) rather than at the next
  // poll. Only a project with a webhook queues any (the poll still finds whatever this skips).
  let isTickPending = false;
  const tickSoon = (): void => {
    if (isTickPending) return;
    isTickPending = true;
    setImmediate(() => {
      isTickPending = false;
      tick();
    });
  };
  const removeListener = events.onEvent((event) => {
    if (!mayNotify(event) || isTickPending) return;
    findWebhookTarget(database.db, event.projectId)
      .then((target) => {
        if (target) tickSoon();
      })
      .catch((error: unknown) => log(`webhook worker: ${String(error)}`));
  });
  setImmediate(tick);
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      removeListener();
      stopping.abort();
      await scanning;
      await Promise.allSettled([...sends]);
    },
  };
}

function canStart(inFlight: Map<string, string>, delivery: DueDelivery): boolean {
  if (inFlight.has(delivery.id) || inFlight.size >= MAX_IN_FLIGHT) return false;
  const sameProject = [...inFlight.values()].filter((id) => id === delivery.projectId).length;
  return sameProject < MAX_IN_FLIGHT_PER_PROJECT;
}

interface Settings {
  timeoutMs: number;
  maxAttempts: number;
  backoffMs: (attempt: number) => number;
}

/**
 * Sends once and records it; returns where that left the delivery (undefined: stopped mid-send,
 * or its claim — held until `claimedUntil` — lapsed and another instance took it over).
 */
async function attempt(
  database: Store,
  delivery: DueDelivery,
  settings: Settings,
  stop: AbortSignal,
  claimedUntil: Date | null,
): Promise<DeliveryOutcome["status"] | undefined> {
  // The secret is read at send time: a changed secret signs what is still queued.
  const secret = (await findWebhookTarget(database.db, delivery.projectId))?.secret ?? null;
  const result = await post(delivery, secret, settings.timeoutMs, stop);
  // A server stopping mid-send leaves the delivery queued (its claim given back): the next start,
  // or another instance, sends it again.
  if (stop.aborted) {
    if (claimedUntil) {
      await inStoreTransaction(database, (tx) => releaseDeliveryClaim(tx, delivery.id, claimedUntil, new Date()));
    }
    return undefined;
  }
  const attempts = delivery.attempts + 1;
  const outcome: DeliveryOutcome = result.ok
    ? { status: "delivered", attempts, lastStatusCode: result.code, lastError: null, nextAttemptAt: null }
    : {
        status: attempts >= settings.maxAttempts ? "failed" : "queued",
        attempts,
        lastStatusCode: result.code,
        lastError: result.error.slice(0, MAX_ERROR_CHARS),
        nextAttemptAt: attempts >= settings.maxAttempts ? null : new Date(Date.now() + settings.backoffMs(attempts)),
      };
  const fence = claimedUntil ? { claimedUntil } : {};
  const isRecorded = await inStoreTransaction(database, (tx) =>
    recordDeliveryAttempt(tx, delivery.id, outcome, new Date(), fence),
  );
  // Not recorded under a claim: it lapsed and another instance's attempt is the one that counts.
  return isRecorded || !claimedUntil ? outcome.status : undefined;
}

type PostResult = { ok: true; code: number } | { ok: false; code: number | null; error: string };

async function post(delivery: DueDelivery, secret: string | null, timeoutMs: number, stop: AbortSignal) {
  const headers = {
    "content-type": "application/json",
    "user-agent": "maestro-webhooks",
    "x-maestro-delivery": delivery.id,
    ...(secret ? signatureHeaders(delivery.body, secret) : {}),
  };
  try {
    const response = await fetch(delivery.url, {
      method: "POST",
      headers,
      body: delivery.body,
      // A receiver's redirect could point anywhere (an internal address): it is a failure, not followed.
      redirect: "manual",
      signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stop]),
    });
    const excerpt = await readExcerpt(response);
    if (response.status >= 200 && response.status < 300) return { ok: true, code: response.status } as PostResult;
    const why = response.status >= 300 && response.status < 400 ? "redirect not followed" : `HTTP ${response.status}`;
    return { ok: false, code: response.status, error: excerpt ? `${why}: ${excerpt}` : why } as PostResult;
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    const error_ = timedOut ? `no answer within ${timeoutMs / 1000} s` : describe(error);
    return { ok: false, code: null, error: error_ } as PostResult;
  }
}

/** The start of an answer's body, read no further than the cap so a huge answer costs nothing. */
async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const first = await reader.read().catch(() => ({ value: undefined }));
  await reader.cancel().catch(() => undefined);
  return first.value ? new TextDecoder().decode(first.value.slice(0, MAX_ERROR_CHARS)).trim() : "";
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return error instanceof Error ? `${error.message}${cause}` : String(error);
}
