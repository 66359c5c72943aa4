import { describe, expect, it } from "vitest";
import {
  END_REASONS,
  END_REASON_RETRY,
  END_REASON_STATUS,
  type EndReason,
  type EndedSessionFacts,
  describeEndReason,
  endReasonOfExit,
  freeEndsCountedText,
  freeEndsInARow,
} from "../src/index";

const ended = (endReason: EndReason, facts: Partial<EndedSessionFacts> = {}): EndedSessionFacts => ({
  endReason,
  exitCode: null,
  error: null,
  stoppedBy: null,
  startedAt: "2026-01-01T10:00:00.000Z",
  endedAt: "2026-01-01T10:20:00.000Z",
  lastOutputAt: "2026-01-01T10:05:00.000Z",
  ...facts,
});

// The retry rule of each reason is proved end to end in server/test/session-end-reasons.test.ts;
// here, that the two tables agree on what kind of end each reason is.
describe("the retry rule and status of each end reason", () => {
  const ENDED_STATUSES = ["succeeded", "failed", "cancelled", "interrupted", "timed_out"];

  it("gives every reason a status an ended session can have", () => {
    for (const reason of END_REASONS) expect(ENDED_STATUSES).toContain(END_REASON_STATUS[reason]);
  });

  it("uses no attempt for a success or for an end a person or a budget chose", () => {
    for (const reason of END_REASONS) {
      const status = END_REASON_STATUS[reason];
      if (status === "succeeded" || status === "cancelled") expect(END_REASON_RETRY[reason], reason).toBe("none");
    }
  });

  it("retries an interrupted session for free, and only that", () => {
    for (const reason of END_REASONS) {
      const isInterrupted = END_REASON_STATUS[reason] === "interrupted";
      expect(END_REASON_RETRY[reason] === "free", reason).toBe(isInterrupted);
    }
  });

  it("charges a failure or a time-out to the task: an attempt, or no retry at all when it could not start", () => {
    for (const reason of END_REASONS) {
      const status = END_REASON_STATUS[reason];
      if (status !== "failed" && status !== "timed_out") continue;
      expect(["attempt", "never"], reason).toContain(END_REASON_RETRY[reason]);
    }
    expect(END_REASON_RETRY.spawn_failed).toBe("never");
  });
});

describe("endReasonOfExit", () => {
  it("names the stop asked for, whatever the exit", () => {
    expect(endReasonOfExit({ stopReason: "timeout", exitCode: 0 })).toBe("timed_out");
    expect(endReasonOfExit({ stopReason: "stalled", exitCode: null })).toBe("stalled");
    expect(endReasonOfExit({ stopReason: "stopped", exitCode: 143 })).toBe("stopped");
    expect(endReasonOfExit({ stopReason: "budget", exitCode: null })).toBe("budget");
  });

  it("reads the exit code when no stop was asked for", () => {
    expect(endReasonOfExit({ stopReason: null, exitCode: 0 })).toBe("completed");
    expect(endReasonOfExit({ stopReason: null, exitCode: 2 })).toBe("failed");
    expect(endReasonOfExit({ stopReason: null, exitCode: null })).toBe("failed");
  });
});

describe("describeEndReason", () => {
  it("says nothing of a session that has not ended", () => {
    expect(describeEndReason(ended("completed", { endReason: null }))).toBeNull();
  });

  it("puts each reason in words, with the facts it has", () => {
    expect(describeEndReason(ended("completed"))).toBe("completed");
    expect(describeEndReason(ended("failed", { exitCode: 2 }))).toBe("failed with exit code 2");
    expect(describeEndReason(ended("failed", { error: "killed by SIGKILL" }))).toBe("failed: killed by SIGKILL");
    expect(describeEndReason(ended("timed_out"))).toBe("timed out: ran past its time limit after 20 min");
    expect(describeEndReason(ended("stalled"))).toBe("stalled: printed nothing for 15 min");
    expect(describeEndReason(ended("stopped", { stoppedBy: "owner" }))).toBe("stopped by owner");
    expect(describeEndReason(ended("stopped", { stoppedBy: "session:abc12345" }))).toBe(
      "stopped with its parent session abc12345",
    );
    expect(describeEndReason(ended("usage_limit", { stoppedBy: "owner" }))).toBe(
      "hit its agent's usage limit; owner cancelled it while it waited",
    );
    expect(describeEndReason(ended("usage_limit", { stoppedBy: "owner", startedAt: null }))).toBe(
      "waited for its account's usage limit to reset; owner cancelled it while it waited",
    );
    expect(describeEndReason(ended("budget"))).toBe("stopped: its budget was reached");
    expect(describeEndReason(ended("runner_lost"))).toMatch(/its runner went away/);
    expect(describeEndReason(ended("server_restart"))).toBe("the server restarted while it ran");
    expect(describeEndReason(ended("spawn_failed", { error: "executable claude not found on PATH" }))).toBe(
      "could not start: executable claude not found on PATH",
    );
    expect(describeEndReason(ended("checks_failed", { error: "check `pnpm test` failed (exit 1)" }))).toBe(
      "checks failed: check `pnpm test` failed (exit 1)",
    );
  });

  it("counts silence from the start when the agent never printed, and spans hours", () => {
    const silent = ended("stalled", { lastOutputAt: null, endedAt: "2026-01-01T12:05:00.000Z" });
    expect(describeEndReason(silent)).toBe("stalled: printed nothing for 2 h 5 min");
    expect(describeEndReason(ended("timed_out", { endedAt: "2026-01-01T10:00:40.000Z" }))).toMatch(/after 40 s$/);
  });
});

describe("the cap on free ends", () => {
  it("counts the free ends in a row, newest first, up to the first other end", () => {
    expect(freeEndsInARow([])).toBe(0);
    expect(freeEndsInARow(["runner_lost", "server_restart", "failed", "runner_lost"])).toBe(2);
    expect(freeEndsInARow(["runner_lost", null, "runner_lost"])).toBe(1);
  });

  it("says what happened, how often, and that it counted", () => {
    expect(freeEndsCountedText(["server_restart", "server_restart"])).toBe(
      "the server restarted under it 2 times in a row; counted as a failed attempt",
    );
    const mixed = freeEndsCountedText(["runner_lost", "server_restart", "runner_lost", "runner_lost"]);
    expect(mixed).toBe(
      "its runner was lost or the server restarted under it 4 times in a row; counted as a failed attempt",
    );
    expect(describeEndReason(ended("runner_lost", { error: mixed }))).toBe(mixed);
    expect(describeEndReason(ended("runner_lost", { error: "no heartbeat for 30 s" }))).toBe(
      "its runner went away (stopped, or stopped responding)",
    );
  });
});
