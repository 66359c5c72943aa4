// `pnpm bench` exits 1 exactly when countMisses finds a miss: what counts is pinned here.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type Verdict, countMisses, percentile } from "./stats";

const verdict = (ok: boolean, info?: boolean): Verdict => ({ name: "x", measured: "1 ms", target: "≤ 1 ms", ok, info });

test("a missed target counts; a met one and an INFO row (met or not) do not", () => {
  assert.equal(countMisses([verdict(true), verdict(false, true), verdict(true, true)]), 0);
  assert.equal(countMisses([verdict(true), verdict(false), verdict(false, true), verdict(false)]), 2);
});

test("percentile picks the nearest rank, and NaN when there are no samples", () => {
  assert.equal(percentile([5, 1, 3, 2, 4], 50), 3);
  assert.equal(percentile([5, 1, 3, 2, 4], 99), 5);
  assert.ok(Number.isNaN(percentile([], 50)));
});
