import { describe, expect, it } from "vitest";
import { flattenTaskPlan, isCheckboxOnlyChange, parseTasksMarkdown, setTaskChecked } from "../src/index";

const TASKS = `# Implementation plan

- [ ] 1. Set up the data model
  Tables for users and sessions.
  - [x] 1.1 Write the migration
    _Requirements: 1.1, 1.2_
  - [ ] 1.2 Write the repository
    - _Requirements: 1.3_
    - _Depends: 1.1_
- [ ] 2. Build the sign-in API
  _Depends: 1_
  _Requirements: 2.1_

Notes outside the list are ignored.
`;

describe("parseTasksMarkdown", () => {
  it("builds the tree with details, requirements, dependencies and done boxes", () => {
    const plan = parseTasksMarkdown(TASKS);
    expect(plan.errors).toEqual([]);
    expect(plan.cycle).toBeNull();
    expect(plan.items.map((item) => item.number)).toEqual(["1", "2"]);
    const [one, two] = plan.items;
    expect(one).toMatchObject({
      title: "Set up the data model",
      description: "Tables for users and sessions.",
      line: 3,
      isDone: false,
    });
    expect(
      one!.children.map((child) => [child.number, child.title, child.isDone, child.requirementIds, child.dependsOn]),
    ).toEqual([
      ["1.1", "Write the migration", true, ["1.1", "1.2"], []],
      ["1.2", "Write the repository", false, ["1.3"], ["1.1"]],
    ]);
    expect(two).toMatchObject({ dependsOn: ["1"], requirementIds: ["2.1"], description: "" });
    expect(flattenTaskPlan(plan.items).map((item) => item.number)).toEqual(["1", "1.1", "1.2", "2"]);
  });

  it("reports a dependency cycle naming it, with its line", () => {
    const plan = parseTasksMarkdown(
      "- [ ] 1. A\n  _Depends: 3_\n- [ ] 2. B\n  _Depends: 1_\n- [ ] 3. C\n  _Depends: 2_\n",
    );
    expect(plan.cycle).toEqual(["1", "3", "2", "1"]);
    expect(plan.errors).toEqual([{ line: 1, message: "dependency cycle: 1 → 3 → 2 → 1" }]);
  });

  it("reports a self-dependency as a cycle", () => {
    expect(parseTasksMarkdown("- [ ] 1. A\n  _Depends: 1_").errors[0]?.message).toBe("dependency cycle: 1 → 1");
  });

  it.each([
    ["an unnumbered task", "- [ ] Do it", 1, /needs a number and a title/],
    ["an odd checkbox", "- [?] 1. Do it", 1, /must be "\[ \]"/],
    ["a duplicate number", "- [ ] 1. A\n- [ ] 1. B", 2, /number 1 is used twice \(first on line 1\)/],
    ["an unknown dependency", "- [ ] 1. A\n  _Depends: 7_", 1, /depends on 7, which is not in the list/],
    ["a sub-task numbered under another task", "- [ ] 1. A\n  - [ ] 2.1 B", 2, /number it 1\.N/],
    ["a sub-task number at the top level", "- [ ] 1. A\n- [ ] 1.1 B", 2, /not indented under task 1/],
    [
      "a dependency on its own parent",
      "- [ ] 1. A\n  - [ ] 1.1 B\n    _Depends: 1_",
      2,
      /cannot depend on 1: it is part of it/,
    ],
    ["a malformed reference", "- [ ] 1. A\n  _Requirements: one_", 2, /"one" is not a number/],
  ])("reports %s with its line", (_name, text, line, message) => {
    const plan = parseTasksMarkdown(text);
    expect(plan.errors[0]?.line).toBe(line);
    expect(plan.errors[0]?.message).toMatch(message);
  });

  it("accepts an empty document and markdown links in details", () => {
    expect(parseTasksMarkdown("")).toEqual({ items: [], errors: [], cycle: null });
    const plan = parseTasksMarkdown("- [ ] 1. A\n  - [docs](https://example.com)\n");
    expect(plan.errors).toEqual([]);
    expect(plan.items[0]?.description).toBe("- [docs](https://example.com)");
  });
});

describe("checkboxes", () => {
  it("ticks and clears one item's box", () => {
    const ticked = setTaskChecked(TASKS, "1.2", true);
    expect(ticked).toContain("  - [x] 1.2 Write the repository");
    expect(setTaskChecked(ticked, "1.1", false)).toContain("  - [ ] 1.1 Write the migration");
    expect(setTaskChecked(TASKS, "9", true)).toBe(TASKS);
  });

  it("tells a ticked box from a real edit", () => {
    expect(isCheckboxOnlyChange(TASKS, setTaskChecked(TASKS, "2", true))).toBe(true);
    expect(isCheckboxOnlyChange(TASKS, TASKS.replace("sign-in", "login"))).toBe(false);
    expect(isCheckboxOnlyChange(TASKS, TASKS)).toBe(false);
  });
});
