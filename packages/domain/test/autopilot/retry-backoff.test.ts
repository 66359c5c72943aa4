import { describe, expect, it } from "vitest";
import { retryDelayMs } from "../../src/index";

describe("retryDelayMs", () => {
  it("doubles from the base, caps at the maximum, and jitters by ±20 %", () => {
    const policy = { baseSec: 10, maxSec: 60 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, policy, () => 0.5))).toEqual([
      10_000, 20_000, 40_000, 60_000, 60_000,
    ]);
    expect(retryDelayMs(1, policy, () => 0)).toBe(8_000);
    expect(retryDelayMs(1, policy, () => 1)).toBe(12_000);
  });
});
