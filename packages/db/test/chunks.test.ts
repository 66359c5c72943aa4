import { describe, expect, it } from "vitest";
import { inChunks } from "../src/repositories/chunks";

describe("inChunks", () => {
  it("reads at most 500 values at a time and returns every row in order", () => {
    const values = Array.from({ length: 1_201 }, (_, i) => `v${i}`);
    const sizes: number[] = [];
    const rows = inChunks(values, (chunk) => (sizes.push(chunk.length), chunk.map((value) => `row of ${value}`)));
    expect(sizes).toEqual([500, 500, 201]);
    expect(rows).toEqual(values.map((value) => `row of ${value}`));
  });

  it("reads nothing for no values", () => {
    expect(inChunks([], () => expect.unreachable())).toEqual([]);
  });
});
