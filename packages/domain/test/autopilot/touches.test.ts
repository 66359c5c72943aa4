import { describe, expect, it } from "vitest";
import { globsOverlap } from "../../src/index";

describe("globsOverlap", () => {
  it.each([
    ["src/a.ts", "src/a.ts", true],
    ["src/a.ts", "src/a.tsx", false],
    ["src/**", "src/a/b.ts", true],
    ["src/*.ts", "src/a/b.ts", false],
    ["src/api/**", "src/web/**", false],
    ["src/**/*.ts", "src/api/**", true],
    ["**/*.md", "docs/**", true],
    ["./docs/a.md", "docs/*.md", true],
  ])("%s vs %s → %s", (a, b, expected) => {
    expect(globsOverlap(a, b)).toBe(expected);
    expect(globsOverlap(b, a)).toBe(expected);
  });
});

describe("globsOverlap on agent-written touches (CVE-2026-33671)", () => {
  it.each([
    ["+(a)", "a"],
    ["src/@(api|web)/x.ts", "src/api/x.ts"],
    ["{a,b}.ts", "a.ts"],
    ["src/{api,web}/**", "src/api/x.ts"],
  ])("treats the extglob or brace in %s literally, so it does not name %s", (glob, path) => {
    expect(globsOverlap(glob, path)).toBe(false);
    expect(globsOverlap(glob, glob)).toBe(true);
  });

  it("answers the nested-extglob ReDoS shape against a long path", () => {
    const long = `${"a".repeat(10_000)}!`;
    expect(globsOverlap("+(+(a))*", long)).toBe(false);
    expect(globsOverlap("*(*(a|aa))b", long)).toBe(false);
    expect(globsOverlap("+(+(a))*", "+(+(a))!")).toBe(true);
  });
});
