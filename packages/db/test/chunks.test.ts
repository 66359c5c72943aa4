import { describe, expect, it } from "vitest";
import { readInChunks } from "../src/repositories/chunks";

describe("readInChunks", () => {
  it("reads at most 500 values at a time and returns every row in order", async () => {
    const values = Array.from({ length: 1_201 }, (_, i) => `v${i}`);
    const sizes: number[] = [];
    const rows = await readInChunks(
      values,
      async (chunk) => (sizes.push(chunk.length), chunk.map((value) => `row of ${value}`)),
    );
    expect(sizes).toEqual([500, 500, 201]);
    expect(rows).toEqual(values.map((value) => `row of ${value}`));
  });

  it("reads nothing for no values", async () => {
    expect(await readInChunks([], () => expect.unreachable())).toEqual([]);
  });
});
