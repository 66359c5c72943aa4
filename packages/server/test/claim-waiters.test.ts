import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MaestroEvent } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createContextInner } from "../src/context";
import { type ClaimRequest, ClaimWaiters } from "../src/services/runner/claim-waiters";
import { type World, makeWorld } from "./helpers";

interface KindRequest extends ClaimRequest {
  kind: string;
}

/** A claim being made for a runner, settled by the test. */
interface PendingClaim {
  runnerId: string;
  settle(outcome: string | null | Error): void;
}

let world: World;
let dir: string;
let wakeEvent: MaestroEvent;
beforeEach(async () => {
  world = await makeWorld();
  dir = mkdtempSync(join(tmpdir(), "maestro-claim-waiters-"));
  const stop = world.events.onEvent((event) => (wakeEvent = event));
  await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
  stop();
});
afterEach(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Waiters whose claims the test answers one by one, woken by any event. */
function scriptedWaiters() {
  const pending: PendingClaim[] = [];
  const waiters = new ClaimWaiters<string, KindRequest>(world.events, {
    limits: { claimWaitersPerRunner: 2, claimWaiters: 4 },
    claim: ({ runnerId }) =>
      new Promise((resolve, reject) => {
        const settle = (outcome: string | null | Error) =>
          outcome instanceof Error ? reject(outcome) : resolve(outcome);
        pending.push({ runnerId, settle });
      }),
    isWake: () => true,
    kindOf: ({ kind }) => kind,
  });
  const connection = new AbortController();
  const ctx = createContextInner({ ...world.ctx, signal: connection.signal });
  const wait = (runnerId: string, kind = "a") => waiters.wait({ ctx, runnerId, kind }, 10_000);
  const closed = createContextInner({ ...world.ctx, signal: AbortSignal.abort() });
  const waitClosed = (runnerId: string) => waiters.wait({ ctx: closed, runnerId, kind: "a" }, 10_000);
  const wake = () => world.events.publish([wakeEvent]);
  /** The claim being made now, once it is (and only it). */
  const claiming = async (runnerId: string) => {
    await vi.waitFor(() => expect(pending.map((each) => each.runnerId)).toEqual([runnerId]));
    return pending.shift()!;
  };
  return { waiters, pending, wait, waitClosed, wake, claiming };
}

describe("claims held open", () => {
  it("serves the longest waiting first, refuses past a bound at once, and answers a release with null", async () => {
    const { waiters, wait, wake, claiming } = scriptedWaiters();
    const first = wait("r1");
    const second = wait("r2");
    const third = wait("r1");
    expect(await wait("r1")).toBeNull();
    const fourth = wait("r3");
    expect(await wait("r4")).toBeNull();
    wake();
    (await claiming("r1")).settle("job-1");
    expect(await first).toBe("job-1");
    // Nothing for r2: the others (of its kind) are not asked.
    (await claiming("r2")).settle(null);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(waiters.waiting()).toBe(3);
    expect(waiters.release("r1")).toBe(1);
    expect(await third).toBeNull();
    expect(waiters.waiting("r2")).toBe(1);
    expect(waiters.release("r2") + waiters.release("r3")).toBe(2);
    expect([await second, await fourth]).toEqual([null, null]);
  });

  it("answers a waiter closed while a claim is made for it with that claim, and an error to its own waiter", async () => {
    const { waiters, wait, waitClosed, wake, claiming } = scriptedWaiters();
    // Its connection closed before the claim could listen to it: answered at once, never held.
    expect(await waitClosed("r0")).toBeNull();
    expect(waiters.waiting()).toBe(0);
    const released = wait("r1");
    const failed = wait("r2");
    const served = wait("r3");
    wake();
    const forReleased = await claiming("r1");
    expect(waiters.release("r1")).toBe(1);
    forReleased.settle("late");
    expect(await released).toBe("late");
    (await claiming("r2")).settle(new Error("database gone"));
    await expect(failed).rejects.toThrow("database gone");
    (await claiming("r3")).settle("job-3");
    expect(await served).toBe("job-3");
  });

  it("passes over a waiter that found nothing for one of another kind, and goes round once more after a wake mid-hand-out", async () => {
    const { waiters, pending, wait, wake, claiming } = scriptedWaiters();
    const landOnly = wait("r1", "land");
    const alsoLand = wait("r2", "land");
    const pr = wait("r3", "pr");
    wake();
    const first = await claiming("r1");
    wake();
    first.settle(null);
    (await claiming("r3")).settle("pr-job");
    expect(await pr).toBe("pr-job");
    // The wake that came while claiming: one more round, from the longest waiting.
    (await claiming("r1")).settle(null);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pending).toEqual([]);
    expect(waiters.waiting()).toBe(2);
    waiters.release("r1");
    waiters.release("r2");
    expect([await landOnly, await alsoLand]).toEqual([null, null]);
  });
});
