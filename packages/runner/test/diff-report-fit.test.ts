import { type DiffFile, MAX_DIFF_REPORT_JSON_BYTES, MAX_REPORTED_PATCH_BYTES } from "@maestro/domain";
import { afterEach, describe, expect, it } from "vitest";
import { fitDiffReport } from "../src/diff-report";
import { type World, startWorld } from "./world";

// A project whose repository is elsewhere gets its review diff from the runner. The server reads
// request bodies of at most 2 MiB: a report past that would be refused as too large, and review
// would never see the diff. JSON escaping can make a patch far larger than its bytes.

const COMMIT = "a".repeat(40);
const file = (n: number): DiffFile => ({
  path: `src/${"deep/".repeat(20)}file-${n}.ts`,
  oldPath: null,
  status: "modified",
  additions: 1,
  deletions: 1,
  isBinary: false,
});
const report = (patch: string, files: DiffFile[] = [file(1)]) => ({
  sessionId: "s1",
  lease: 1,
  base: COMMIT,
  head: COMMIT,
  files,
  patch,
  isTruncated: false,
});
const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("a diff report", () => {
  it("is sent as it is when it fits", () => {
    const small = report("+one line\n");
    expect(fitDiffReport(small)).toBe(small);
  });

  it("has its patch cut at a line end when escaping makes it too large, and says so", () => {
    // Quotes and backslashes take two bytes each in JSON: within the patch limit, over the report's.
    const line = `+${'"\\'.repeat(40)}\n`;
    const patch = line.repeat(Math.floor(MAX_REPORTED_PATCH_BYTES / line.length));
    expect(Buffer.byteLength(patch)).toBeLessThanOrEqual(MAX_REPORTED_PATCH_BYTES);
    expect(jsonBytes(report(patch))).toBeGreaterThan(MAX_DIFF_REPORT_JSON_BYTES);

    const fitted = fitDiffReport(report(patch));
    expect(jsonBytes(fitted)).toBeLessThanOrEqual(MAX_DIFF_REPORT_JSON_BYTES);
    expect(fitted.isTruncated).toBe(true);
    // Cut by as much as it was too long, not by half.
    expect(jsonBytes(fitted)).toBeGreaterThan(MAX_DIFF_REPORT_JSON_BYTES * 0.9);
    expect(patch.startsWith(fitted.patch)).toBe(true);
    expect(fitted.patch.endsWith("\n")).toBe(true);
    expect(fitted.files).toEqual([file(1)]);
  });

  it("keeps as many files as fit when the list alone is too long", () => {
    const files = Array.from({ length: 5_000 }, (_, n) => file(n));
    const fitted = fitDiffReport(report("+x\n", files), 200 * 1024);
    expect(jsonBytes(fitted)).toBeLessThanOrEqual(200 * 1024);
    expect(fitted.patch).toBe("");
    expect(fitted.files.length).toBeGreaterThan(0);
    expect(fitted.files).toEqual(files.slice(0, fitted.files.length));
    expect(fitted.isTruncated).toBe(true);
  });

  it("at its largest, still gets past the server's body limit (refused for its lease, not its size)", async () => {
    world = await startWorld();
    const line = `+${"x".repeat(78)}\n`;
    const patch = line.repeat(Math.floor(MAX_REPORTED_PATCH_BYTES / line.length));
    // Files up to just under the report's limit: as large a report as a runner ever sends.
    const room = MAX_DIFF_REPORT_JSON_BYTES - jsonBytes(report(patch, []));
    let files = Array.from({ length: Math.floor(room / (jsonBytes(file(9_999)) + 1)) }, (_, n) => file(n));
    while (jsonBytes(report(patch, files)) > MAX_DIFF_REPORT_JSON_BYTES) files = files.slice(0, -1);
    const largest = report(patch, files);
    expect(fitDiffReport(largest)).toBe(largest);
    expect(jsonBytes(largest)).toBeGreaterThan(MAX_DIFF_REPORT_JSON_BYTES - 2_048);
    const error = await world.client.runner.reportDiff.mutate(largest).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ data: { code: "NOT_FOUND" } });
  }, 20_000);
});
