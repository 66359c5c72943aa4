import { describe, expect, it } from "vitest";
import { makeSession } from "../../test/fixtures";
import { formatSessionCost, isFlaggedStalled } from "./session-labels";

describe("formatSessionCost", () => {
  it("shows a reported cost as it is", () => {
    expect(formatSessionCost(makeSession({ costUsd: 0.0421, costIsEstimate: false }))).toBe("$0.04");
    expect(formatSessionCost(makeSession({ costUsd: 0.004, costIsEstimate: false }))).toBe("<$0.01");
    expect(formatSessionCost(makeSession({ costUsd: 0, costIsEstimate: false }))).toBe("—");
  });

  it("marks a cost Maestro estimated from the agent's tokens", () => {
    expect(formatSessionCost(makeSession({ costUsd: 0.1234, costIsEstimate: true }))).toBe("≈ $0.12 (estimate)");
    expect(formatSessionCost(makeSession({ costUsd: 0.001, costIsEstimate: true }))).toBe("≈ <$0.01 (estimate)");
    expect(formatSessionCost(makeSession({ costUsd: 0, costIsEstimate: true }))).toBe("≈ $0.00 (estimate)");
  });
});

describe("isFlaggedStalled", () => {
  const flag = "2026-01-01T00:07:30.000Z";

  it("holds for a running session the server flagged, with no output since", () => {
    expect(isFlaggedStalled("running", flag, "2026-01-01T00:00:00.000Z")).toBe(true);
    expect(isFlaggedStalled("running", flag, null)).toBe(true);
  });

  it("lapses once output is seen after the flag, or the session is no longer running", () => {
    expect(isFlaggedStalled("running", flag, "2026-01-01T00:08:00.000Z")).toBe(false);
    expect(isFlaggedStalled("timed_out", flag, null)).toBe(false);
    expect(isFlaggedStalled("running", null, null)).toBe(false);
  });
});
