import { describe, expect, it } from "vitest";
import {
  BUSY_SESSION_STATUSES,
  ENDED_SESSION_STATUSES,
  LIVE_SESSION_STATUSES,
  RESUMABLE_SESSION_STATUSES,
  SESSION_STATUSES,
  SLOT_SESSION_STATUSES,
  canResumeSession,
  canStopSession,
  isSessionBusy,
  isSessionEnded,
  isSessionHoldingSlot,
  isSessionLive,
} from "../src/index";

// The server, the scheduler, the runner, the dashboard and the CLI all read these sets: a change
// here changes what every one of them does, so it must be made on purpose.
describe("session status sets", () => {
  it("pins each set", () => {
    expect(LIVE_SESSION_STATUSES).toEqual(["starting", "running", "needs_input"]);
    expect(SLOT_SESSION_STATUSES).toEqual(["queued", "starting", "running", "needs_input"]);
    expect(BUSY_SESSION_STATUSES).toEqual(["queued", "starting", "running", "needs_input", "waiting"]);
    expect(ENDED_SESSION_STATUSES).toEqual(["succeeded", "failed", "cancelled", "interrupted", "timed_out"]);
    expect(RESUMABLE_SESSION_STATUSES).toEqual(["failed", "cancelled", "interrupted", "timed_out"]);
  });

  it("splits every status into busy or ended, never both", () => {
    for (const status of SESSION_STATUSES) expect(isSessionBusy(status)).toBe(!isSessionEnded(status));
  });

  it.each(SESSION_STATUSES)("answers each predicate for %s from its set", (status) => {
    expect(isSessionLive(status)).toBe((LIVE_SESSION_STATUSES as readonly string[]).includes(status));
    expect(isSessionHoldingSlot(status)).toBe((SLOT_SESSION_STATUSES as readonly string[]).includes(status));
    expect(canStopSession(status)).toBe(isSessionBusy(status));
    expect(canResumeSession(status)).toBe(isSessionEnded(status) && status !== "succeeded");
  });
});
