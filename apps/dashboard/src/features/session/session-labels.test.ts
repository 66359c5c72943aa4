import { describe, expect, it } from "vitest";
import { makeSession } from "../../test/fixtures";
import { formatSessionCost } from "./session-labels";

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
