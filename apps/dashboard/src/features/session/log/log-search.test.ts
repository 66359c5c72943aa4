import { describe, expect, it } from "vitest";
import type { LogLine } from "./log-buffer";
import { findMatches, occurrences } from "./log-search";

const line = (n: number, plain: string): LogLine => ({ n, stream: "stdout", seq: n, display: plain, plain });

describe("log search", () => {
  it("finds every case-insensitive occurrence, line by line", () => {
    const rows = [line(1, "Error: one error"), line(2, "fine"), line(3, "ERROR again")];
    expect(findMatches(rows, "error")).toEqual([
      { row: 0, occurrence: 0 },
      { row: 0, occurrence: 1 },
      { row: 2, occurrence: 0 },
    ]);
    expect(findMatches(rows, "")).toEqual([]);
  });

  it("does not overlap occurrences", () => {
    expect(occurrences("aaaa", "aa")).toEqual([0, 2]);
  });
});
