import { describe, expect, it } from "vitest";
import { checkEars, lintRequirements, parseRequirements, requirementIds } from "../src/index";

const REQUIREMENTS = `# Requirements

## Introduction
1. This numbered intro line is not a requirement heading's criterion.

### Requirement 1: Sign in
**User Story:** As a user, I want to sign in, so that my work is mine.

#### Acceptance Criteria
1. WHEN the user submits valid credentials THE SYSTEM SHALL start a session
2. IF the password is wrong THEN THE SYSTEM SHALL say so without naming which field
3. The system should remember the user

### Requirement 2: Sign out
1. THE SYSTEM SHALL offer sign-out on every page
2. WHILE a request is running, THE SYSTEM SHALL keep the button disabled
`;

describe("parseRequirements", () => {
  it("numbers requirements and their criteria", () => {
    const doc = parseRequirements(REQUIREMENTS);
    expect(doc.requirements.map((r) => [r.id, r.title, r.criteria.map((c) => c.id)])).toEqual([
      ["1", "Sign in", ["1.1", "1.2", "1.3"]],
      ["2", "Sign out", ["2.1", "2.2"]],
    ]);
    expect(doc.errors).toEqual([]);
    expect(parseRequirements("### 1. A\n### 1. B").errors).toEqual([
      { line: 2, message: "requirement 1 is numbered twice (first on line 1)" },
    ]);
  });

  it("reads a plain numbered list with dotted criteria", () => {
    const doc = parseRequirements(
      "1. Search\n   1.1 WHEN a query is typed THE SYSTEM SHALL list matches\n2. Filter\n   2.1 THE SYSTEM SHALL filter\n   3.1 orphan",
    );
    expect(requirementIds(doc)).toEqual(["1", "1.1", "2", "2.1"]);
    expect(doc.errors).toEqual([{ line: 5, message: "criterion 3.1 belongs to requirement 3, which does not exist" }]);
  });
});

describe("checkEars", () => {
  it.each([
    ["THE SYSTEM SHALL log every change", "ubiquitous"],
    ["WHEN the user clicks the button THE SYSTEM SHALL save", "event"],
    ["When the user saves the form, the system shall confirm it.", "event"],
    ["WHILE offline THE SYSTEM SHALL queue writes", "state"],
    ["IF the disk is full THEN THE SYSTEM SHALL refuse the write", "unwanted"],
    ["WHERE dark mode is on THE SYSTEM SHALL use dark colours", "optional"],
    ["WHILE offline, WHEN the user saves THE SYSTEM SHALL queue the write", "complex"],
  ])("accepts %s", (sentence, pattern) => {
    expect(checkEars(sentence)).toEqual({ pattern, problems: [] });
  });

  it.each([
    ["The system should remember the user", "ubiquitous", "use SHALL, not SHOULD"],
    ["WHEN the user clicks", "event", "missing THE <system> SHALL <response>"],
    [
      "IF the disk is full THE SYSTEM SHALL refuse",
      "unwanted",
      "IF needs THEN before THE … SHALL (IF <condition> THEN THE SYSTEM SHALL …)",
    ],
    ["WHEN THE SYSTEM SHALL save", "event", "WHEN needs a trigger"],
    ["THE SYSTEM SHALL", "ubiquitous", "nothing after SHALL: say what the system does"],
    ["Users SHALL be happy", "ubiquitous", "SHALL needs a subject: THE <system> SHALL <response>"],
    [
      "Always THE SYSTEM SHALL log",
      "ubiquitous",
      '"Always" before THE … SHALL: start with WHEN, WHILE, IF or WHERE, or drop it',
    ],
    ["WHEN saving THEN THE SYSTEM SHALL log", "event", "THEN without IF"],
  ])("flags %s", (sentence, pattern, problem) => {
    const result = checkEars(sentence);
    expect(result.pattern).toBe(pattern);
    expect(result.problems).toContain(problem);
  });
});

describe("lintRequirements", () => {
  it("reports the line, the text and the broken pattern of each bad criterion", () => {
    const issues = lintRequirements(REQUIREMENTS);
    expect(issues).toContainEqual({
      line: 12,
      criterionId: "1.3",
      text: "The system should remember the user",
      pattern: "ubiquitous",
      message: "use SHALL, not SHOULD",
    });
    expect(issues).toHaveLength(1);
    expect(lintRequirements("")).toEqual([]);
  });
});
