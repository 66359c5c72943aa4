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
