// `pnpm bench` exits 1 exactly when countMisses finds a miss: what counts, and what the table and
// the JSON report say, is pinned here. No timing is asserted: benchmarks stay out of the tests.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildReport, parseRunArgs } from "./report";
import { type Verdict, atLeast, atMost, countMisses, formatTable, percentile, withDeadline } from "./stats";

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

test("a limit is met at the limit, missed past it, and never by NaN (nothing measured)", () => {
  assert.equal(atMost(10, 10), true);
  assert.equal(atMost(10.01, 10), false);
  assert.equal(atMost(Number.NaN, 10), false);
  assert.equal(atLeast(50, 50), true);
  assert.equal(atLeast(49.9, 50), false);
  assert.equal(atLeast(Number.NaN, 50), false);
  assert.equal(atLeast(Number.POSITIVE_INFINITY, 50), false);
});

test("the table has a header and one row per verdict: result, bench, target, measured", () => {
  const table = formatTable([
    { name: "P9 thing", measured: "3 ms", target: "≤ 5 ms", ok: true },
    { name: "P9 other thing", measured: "9 ms", target: "≤ 5 ms", ok: false },
    { name: "P9 note", measured: "1", target: "information", ok: false, info: true },
  ]).split("\n");
  assert.equal(table.length, 5);
  assert.match(table[0]!, /^result\s+bench\s+target\s+measured$/);
  assert.match(table[2]!, /^PASS\s+P9 thing\s+≤ 5 ms\s+3 ms$/);
  assert.match(table[3]!, /^MISS\s+P9 other thing\s+≤ 5 ms\s+9 ms$/);
  assert.match(table[4]!, /^INFO\s+P9 note\s+information\s+1$/);
  // Columns line up: every row's target starts where the header's does.
  const column = table[0]!.indexOf("target");
  assert.ok(table.slice(2).every((row) => row.slice(column).startsWith("≤") || row.slice(column).startsWith("info")));
});

test("withDeadline passes a value or an error through, and past its deadline rejects and cleans up", async () => {
  assert.equal(await withDeadline(Promise.resolve(7), 1_000, "fast"), 7);
  await assert.rejects(withDeadline(Promise.reject(new Error("own")), 1_000, "failing"), /own/);
  let cleaned = false;
  const never = new Promise<never>(() => {});
  await assert.rejects(
    withDeadline(never, 10, "a wait", () => (cleaned = true)),
    /a wait: no answer within 0.01 s/,
  );
  assert.equal(cleaned, true);
});

test("arguments: ids (all by default), --quick, --json <file>, --no-json; anything unknown is an error", () => {
  const known = ["p1", "p2", "p5"];
  assert.deepEqual(parseRunArgs([], known, "d.json"), { ids: known, quick: false, jsonPath: "d.json" });
  assert.deepEqual(parseRunArgs(["P5", "--quick", "p1"], known, "d.json"), {
    ids: ["p5", "p1"],
    quick: true,
    jsonPath: "d.json",
  });
  assert.equal(parseRunArgs(["--json", "out.json"], known, "d.json").jsonPath, "out.json");
  assert.equal(parseRunArgs(["--json=o.json"], known, "d.json").jsonPath, "o.json");
  assert.equal(parseRunArgs(["--no-json"], known, "d.json").jsonPath, null);
  assert.throws(() => parseRunArgs(["p7"], known, "d.json"), /unknown bench p7/);
  assert.throws(() => parseRunArgs(["--fast"], known, "d.json"), /unknown option --fast/);
  assert.throws(() => parseRunArgs(["--json"], known, "d.json"), /--json needs a file/);
});

test("the JSON report keeps every verdict with its result, per bench, and the misses", () => {
  const machine = { loadavg: [1, 2, 3], cpus: 2 };
  const report = buildReport({
    startedAt: new Date(0),
    quick: true,
    runs: [
      { id: "p1", seconds: 1.234, verdicts: [verdict(true)] },
      { id: "p2", seconds: 2, verdicts: [verdict(false), verdict(false, true)] },
    ],
    machineBefore: machine,
    machineAfter: machine,
  });
  assert.equal(report.misses, 1);
  assert.equal(report.quick, true);
  assert.deepEqual(
    report.benches.map((bench) => [bench.id, bench.seconds, bench.verdicts.map((v) => v.result)]),
    [
      ["p1", 1.2, ["PASS"]],
      ["p2", 2, ["MISS", "INFO"]],
    ],
  );
  assert.deepEqual(JSON.parse(JSON.stringify(report)).machine.before, machine);
});
