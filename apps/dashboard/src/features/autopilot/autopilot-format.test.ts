import { describe, expect, it } from "vitest";
import {
  explanationsByTask,
  formatLimit,
  formatUtcClock,
  isAtLimit,
  nextWakeDelay,
  parseMaxConcurrent,
} from "./autopilot-format";

describe("autopilot formatting", () => {
  it("writes limits with and without a cap", () => {
    expect(formatLimit({ busy: 1, limit: 4 })).toBe("1 / 4 busy");
    expect(formatLimit({ busy: 2, limit: null })).toBe("2 busy, no limit");
    expect(isAtLimit({ busy: 4, limit: 4 })).toBe(true);
    expect(isAtLimit({ busy: 9, limit: null })).toBe(false);
  });

  it("writes times in UTC like the reason texts", () => {
    expect(formatUtcClock("2025-03-04T14:05:59.000Z")).toBe("14:05 UTC");
    expect(formatUtcClock("soon")).toBe("soon");
  });

  it("refetches a little after the scheduler wakes, never in a tight loop", () => {
    const now = Date.parse("2025-01-01T00:00:00.000Z");
    expect(nextWakeDelay(null, now)).toBe(false);
    expect(nextWakeDelay("2025-01-01T00:00:10.000Z", now)).toBe(10_500);
    expect(nextWakeDelay("2024-12-31T00:00:00.000Z", now)).toBe(2_000);
  });

  it("parses the max-concurrent field with the domain's bounds", () => {
    expect(parseMaxConcurrent("")).toEqual({ value: null });
    expect(parseMaxConcurrent(" 3 ")).toEqual({ value: 3 });
    expect(parseMaxConcurrent("0")).toEqual({ error: "must be at least 1" });
    expect(parseMaxConcurrent("65")).toEqual({ error: "must be at most 64" });
    expect(parseMaxConcurrent("2.5")).toEqual({ error: "must be a whole number" });
    expect(parseMaxConcurrent("two")).toEqual({ error: "must be a whole number" });
  });

  it("indexes explanations by task id", () => {
    const map = explanationsByTask([{ taskId: "a", text: "waiting for WEB-1" }]);
    expect(map.get("a")).toBe("waiting for WEB-1");
    expect(explanationsByTask(undefined).size).toBe(0);
  });
});
