import { describe, expect, it } from "vitest";
import {
  MAX_SPEC_DOCUMENT_CHARS,
  isCheckboxOnlyChange,
  lintRequirements,
  parseRequirements,
  parseTasksMarkdown,
} from "../src/index";

// Lines built to make `\s*(.*)$`-style patterns backtrack: with the quadratic patterns each takes
// minutes, so these tests time out rather than pass. No timing is asserted.
const NEAR_CAP = MAX_SPEC_DOCUMENT_CHARS - 1024;
const spaces = (n: number) => " ".repeat(n);

describe("spec parsers on hostile documents", () => {
  it("parses a checkbox line of spaces ending in a line separator", () => {
    const plan = parseTasksMarkdown(`- [ ] 1. Title${spaces(NEAR_CAP)}x\u2028`);
    expect(plan.items.map((item) => item.number)).toEqual(["1"]);
    expect(plan.items[0]!.title.startsWith("Title")).toBe(true);
  });

  it("parses a metadata line of spaces, keeping its closing underscore out", () => {
    const text = `- [ ] 1. A\n- [ ] 2. B\n  _Depends: 1${spaces(NEAR_CAP / 2)}_\n  _Requirements: 1.2_`;
    const plan = parseTasksMarkdown(text);
    expect(plan.items[1]).toMatchObject({ dependsOn: ["1"], requirementIds: ["1.2"] });
    expect(plan.errors).toEqual([]);
  });

  it("parses requirement headings and items made of spaces and line separators", () => {
    const doc = parseRequirements(
      `### Requirement 1: Title${spaces(NEAR_CAP / 2)}x\u2028\n1. WHEN a${spaces(NEAR_CAP / 2)}x\u2028`,
    );
    expect(doc.requirements.map((requirement) => requirement.id)).toEqual(["1"]);
    expect(doc.requirements[0]!.criteria.map((criterion) => criterion.id)).toEqual(["1.1"]);
  });

  it("compares checkbox-only changes over many blank lines", () => {
    const blank = "\n".repeat(NEAR_CAP);
    expect(isCheckboxOnlyChange(`${blank}- [ ] 1. A`, `${blank}- [x] 1. A`)).toBe(true);
  });

  it("refuses a 1 MB single-line document with the size limit in the message", () => {
    const line = `- [ ] 1. ${"x".repeat(1024 * 1024)}`;
    expect(parseTasksMarkdown(line)).toEqual({
      items: [],
      errors: [{ line: 1, message: "tasks.md is 1025 KB, over the 256 KB limit for a spec document" }],
      cycle: null,
    });
    const issues = lintRequirements(`1. ${"x".repeat(1024 * 1024)}`);
    expect(issues.map((issue) => issue.message)).toEqual([
      "requirements.md is 1025 KB, over the 256 KB limit for a spec document",
    ]);
    expect(issues[0]!.text.length).toBeLessThanOrEqual(500);
  });
});
