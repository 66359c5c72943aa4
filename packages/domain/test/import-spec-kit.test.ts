import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DomainError, type ImportFiles, parserOf } from "../src/index";
import { IMPORT_FIXTURES, readFixtureFolder, withCrlf } from "./import-fixtures";

const parse = (files: ImportFiles, options: { folder?: string } = {}) => parserOf("spec-kit")(files, options);
const FEATURE = readFixtureFolder(join(IMPORT_FIXTURES, "spec-kit", "001-photo-albums"));
const TASKS_HEAD = "# Tasks: Photo albums\n\n## Phase 1: Setup\n\n";

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("INVALID_INPUT");
    return (error as DomainError).message;
  }
  throw new Error("the import was not refused");
}

describe("spec-kit import of a feature folder", () => {
  const bundle = parse(FEATURE);
  const task = (id: string) => bundle.tasks.find((found) => found.sourceId === id)!;

  it("names the spec and the source after the feature branch, with no warnings", () => {
    expect(bundle).toMatchObject({ format: "spec-kit", source: "spec-kit:001-photo-albums", steering: [] });
    expect(bundle.specs.map(({ sourceId, name }) => ({ sourceId, name }))).toEqual([
      { sourceId: "001-photo-albums", name: "Photo albums" },
    ]);
    expect(bundle.warnings).toEqual([]);
  });

  it("makes spec.md the requirements, plan.md and the design files the design, tasks.md the tasks document", () => {
    const { requirements, design, tasks } = bundle.specs[0]!.documents;
    expect(requirements).toMatch(/^# Feature Specification: Photo albums\n/);
    expect(requirements).toContain("- **FR-003**: System MUST give a shared album an unguessable link.");
    expect(requirements).toContain("---\n\n# From `checklists/requirements.md`\n\n# Specification Quality Checklist");
    expect(design).toMatch(/^# Implementation Plan: Photo albums\n/);
    const order = ["research.md", "data-model.md", "contracts/albums.yaml", "quickstart.md"].map((path) =>
      design!.indexOf(`# From \`${path}\``),
    );
    expect(order.every((at, index) => at > 0 && (index === 0 || at > order[index - 1]!))).toBe(true);
    expect(design).toContain("```yaml\nopenapi: 3.1.0\n");
    expect(tasks).toBe(FEATURE["tasks.md"]);
  });

  it("reads every task line outside code blocks, ticked boxes as done", () => {
    expect(bundle.tasks.map((found) => found.sourceId)).toEqual(
      Array.from({ length: 17 }, (_, index) => `T${String(index + 1).padStart(3, "0")}`),
    );
    expect(bundle.tasks.filter((found) => found.status === "done").map((found) => found.sourceId)).toEqual([
      "T001",
      "T002",
    ]);
    expect(task("T012")).toMatchObject({
      title: "POST /albums route in src/routes/albums.ts (depends on T010)",
      specSourceId: "001-photo-albums",
      parentSourceId: null,
      acceptanceCriteria: [],
    });
    expect(task("T012").description).toBe(
      "Validate the name (1-100 characters) and return 201 with the album.\nMeets SC-001.\n\n" +
        "_spec-kit Phase 3: User Story 1 - Create an album (Priority: P1) 🎯 MVP_",
    );
  });

  it("chains batches in order, keeps [P] runs parallel, and adds `depends on` references", () => {
    const deps = Object.fromEntries(bundle.tasks.map((found) => [found.sourceId, found.dependsOn]));
    expect(deps).toEqual({
      T001: [],
      T002: ["T001"],
      T003: ["T001"],
      T004: ["T002", "T003"],
      T005: ["T004"],
      T006: ["T004"],
      T007: ["T005", "T006"],
      // A heading ends a [P] run: the tests come before the implementation.
      T008: ["T007"],
      T009: ["T007"],
      T010: ["T008", "T009"],
      T011: ["T008", "T009"],
      T012: ["T010", "T011"],
      T013: ["T012"],
      T014: ["T013", "T007"],
      T015: ["T014"],
      T016: ["T015"],
      T017: ["T016"],
    });
  });

  it("takes requirement ids from story labels and FR-/SC- mentions, priorities from the stories", () => {
    expect(task("T010").requirementIds).toEqual(["US1", "FR-001", "FR-002"]);
    expect(task("T012").requirementIds).toEqual(["US1", "SC-001"]);
    expect(task("T014").requirementIds).toEqual(["US2", "FR-003"]);
    expect(task("T004").requirementIds).toEqual([]);
    const priorities = Object.fromEntries(bundle.tasks.map((found) => [found.sourceId, found.priority]));
    expect([priorities.T008, priorities.T012, priorities.T013, priorities.T016, priorities.T001]).toEqual([
      "high", // Phase 3 heading: (Priority: P1)
      "high",
      "medium", // P2
      "low", // [US3], P3 in spec.md
      "medium", // no story
    ]);
  });
});

describe("spec-kit: where the feature's id comes from", () => {
  const withoutBranch: ImportFiles = {
    ...FEATURE,
    "spec.md": FEATURE["spec.md"]!.replace(/\*\*Feature Branch\*\*.*\n/, ""),
  };

  it("prefers the feature folder in the paths, then the folder the client names", () => {
    const nested = Object.fromEntries(
      Object.entries(FEATURE).map(([path, text]) => [`specs/002-albums/${path}`, text]),
    );
    expect(parse(nested).source).toBe("spec-kit:002-albums");
    expect(parse(FEATURE, { folder: "003-albums" }).specs[0]!.sourceId).toBe("003-albums");
  });

  it("falls back to plan.md's branch, tasks.md's input folder, then the name", () => {
    const noPlanBranch: ImportFiles = {
      ...withoutBranch,
      "plan.md": FEATURE["plan.md"]!.replace("**Branch**: `001-photo-albums` |", ""),
    };
    expect(parse(withoutBranch).source).toBe("spec-kit:001-photo-albums");
    expect(parse(noPlanBranch).source).toBe("spec-kit:001-photo-albums");
    const tasks = noPlanBranch["tasks.md"]!.replace("/specs/001-photo-albums/", "the folder");
    expect(parse({ ...noPlanBranch, "tasks.md": tasks }).source).toBe("spec-kit:photo-albums");
  });

  it("refuses files that name no feature at all", () => {
    expect(refusal(() => parse({ "tasks.md": "- [ ] T001 Do it" }))).toMatch(/cannot tell the feature's name/);
  });
});

describe("spec-kit irregular folders", () => {
  it("reads CRLF files the same as LF files", () => {
    expect(parse(withCrlf(FEATURE))).toEqual(parse(FEATURE));
  });

  it("without plan.md, makes the design of the other design files and says so", () => {
    const { ["plan.md"]: _plan, ...files } = FEATURE;
    const bundle = parse(files);
    expect(bundle.warnings).toEqual([{ item: "plan.md", message: expect.stringMatching(/^not found/) }]);
    expect(bundle.specs[0]!.documents.design).toMatch(/^# From `research.md`\n\n# Research: Photo albums/);
  });

  it("reports empty files and files it does not read, and leaves them out", () => {
    const bundle = parse({ ...FEATURE, "spec.md": "", "notes.txt": "scratch", "tasks.md": "  \n" }, { folder: "x" });
    expect(bundle.warnings).toEqual([
      { item: "spec.md", message: "empty; left out" },
      { item: "tasks.md", message: "empty; left out" },
      { item: "notes.txt", message: "left out: not a spec-kit document Maestro reads" },
    ]);
    expect(Object.keys(bundle.specs[0]!.documents)).toEqual(["requirements", "design"]);
    expect(bundle.specs[0]!.documents.requirements).toMatch(/^# From `checklists\/requirements.md`/);
    expect(bundle.tasks).toEqual([]);
  });

  it("gives a task without an id one made from its title, and says so", () => {
    const bundle = parse(
      { "tasks.md": `${TASKS_HEAD}- [ ] Write the README\n- [ ] Write the README\n` },
      { folder: "f" },
    );
    expect(bundle.tasks.map((found) => [found.sourceId, found.dependsOn])).toEqual([
      ["untitled-write-the-readme", []],
      ["untitled-write-the-readme-2", ["untitled-write-the-readme"]],
    ]);
    const lines = bundle.warnings.filter((warning) => warning.item.startsWith("tasks.md"));
    expect(lines.map((warning) => warning.item)).toEqual(["tasks.md line 5", "tasks.md line 6"]);
  });

  it("refuses a task id used twice, naming both lines", () => {
    const tasks = `${TASKS_HEAD}- [ ] T001 One\n- [ ] T002 Two\n- [ ] T001 Again\n`;
    expect(refusal(() => parse({ "tasks.md": tasks }, { folder: "f" }))).toBe(
      "spec-kit: tasks.md line 7: task id T001 is used twice (first on line 5)",
    );
  });

  it("leaves out a dependency on a task that is not there, with a warning naming the line", () => {
    const bundle = parse(
      { "tasks.md": `${TASKS_HEAD}- [ ] T001 One\n- [ ] T002 Two (depends on T099)\n` },
      { folder: "f" },
    );
    expect(bundle.tasks[1]!.dependsOn).toEqual(["T001"]);
    expect(bundle.warnings.filter((warning) => warning.item.startsWith("tasks.md"))).toEqual([
      { item: "tasks.md line 6", message: "T002 depends on T099, which is not in tasks.md; left out" },
    ]);
  });

  it("reports many unknown references of one task in one warning", () => {
    const refs = Array.from({ length: 1000 }, (_, index) => `T${index + 100}`).join(", ");
    const bundle = parse({ "tasks.md": `${TASKS_HEAD}- [ ] T001 One (depends on ${refs})\n` }, { folder: "f" });
    expect(bundle.warnings.filter((warning) => warning.item.startsWith("tasks.md"))).toEqual([
      {
        item: "tasks.md line 5",
        message: "T001 depends on T100, T101, T102, T103, T104 and 995 more, which are not in tasks.md; left out",
      },
    ]);
  });

  it("refuses a dependency on a later task or on itself", () => {
    const later = `${TASKS_HEAD}- [ ] T001 One, depends on T002\n- [ ] T002 Two\n`;
    expect(refusal(() => parse({ "tasks.md": later }, { folder: "f" }))).toBe(
      "spec-kit: tasks.md line 5: T001 depends on T002, which comes later (line 6)",
    );
    const itself = `${TASKS_HEAD}- [ ] T001 One\n  Depends on T001.\n`;
    expect(refusal(() => parse({ "tasks.md": itself }, { folder: "f" }))).toMatch(/line 5: T001 depends on itself/);
  });

  it("refuses a [P] run longer than Maestro's 200 dependencies, naming the task after it", () => {
    const run = Array.from({ length: 201 }, (_, index) => `- [ ] T${index + 1} [P] Part ${index + 1}`).join("\n");
    const tasks = `${TASKS_HEAD}${run}\n- [ ] T999 Join\n`;
    expect(refusal(() => parse({ "tasks.md": tasks }, { folder: "f" }))).toMatch(
      /^spec-kit: tasks\.md line 206: T999 would wait for 201 tasks/,
    );
  });

  it("refuses folders with no spec-kit files, or several features", () => {
    expect(refusal(() => parse({ "README.md": "# Hi" }))).toMatch(
      /found no spec.md, plan.md or tasks.md among README.md/,
    );
    const two = { "specs/001-a/spec.md": "# A", "specs/002-b/tasks.md": "- [ ] T001 B" };
    expect(refusal(() => parse(two))).toMatch(/several features \(specs\/001-a, specs\/002-b\)/);
  });
});

// Lines built to make backtracking patterns quadratic: at ~1 MB these take minutes if any
// pattern backtracks, so the tests time out rather than pass. No timing is asserted.
describe("spec-kit on hostile lines", () => {
  const MB = 1_000_000;

  it("reads a task line of a million labels", () => {
    const tasks = `- [ ] T001 ${"[P]".repeat(MB / 3)} x\n- [ ] T002 ${"[".repeat(MB)}`;
    const bundle = parse({ "tasks.md": tasks }, { folder: "f" });
    expect(bundle.tasks.map((found) => found.title.length)).toEqual([1, MB]);
  });

  it("reads dependency phrases, requirement ids and headings repeated a million characters long", () => {
    const tasks = [
      `- [ ] T001 ${"depends on ".repeat(MB / 11)}`,
      `- [ ] T002 ${"FR-1 ".repeat(MB / 5)}`,
      `${"#".repeat(MB)}x`,
      `## Phase${" ".repeat(MB)}Priority:${" ".repeat(MB)}x`,
      `- [ ] T003 ${"_".repeat(MB)}x`,
    ].join("\n");
    const bundle = parse({ "tasks.md": tasks }, { folder: "f" });
    expect(bundle.tasks[1]!.requirementIds).toEqual(["FR-1"]);
  });

  it("gives 40,000 untitled tasks of one title their ids in linear time (regression: quadratic suffix search)", () => {
    const bundle = parse({ "tasks.md": "- [ ] Same title\n".repeat(40_000) }, { folder: "f" });
    expect(bundle.tasks.map((found) => found.sourceId).slice(0, 3)).toEqual([
      "untitled-same-title",
      "untitled-same-title-2",
      "untitled-same-title-3",
    ]);
    expect(bundle.tasks.at(-1)!.sourceId).toBe("untitled-same-title-40000");
  });

  it("reads a line of 150,000 dependency references (regression: push(...) overflowed the call stack)", () => {
    const refs = Array.from({ length: 150_000 }, (_, index) => `T${index + 3}`).join(", ");
    const bundle = parse({ "tasks.md": `- [ ] T001 A\n- [ ] T002 B (depends on T001, ${refs})` }, { folder: "f" });
    expect(bundle.tasks[1]!.dependsOn).toEqual(["T001"]);
    expect(bundle.warnings.map((warning) => warning.message)).toContainEqual(expect.stringMatching(/and 149995 more/));
  });

  it("reads a spec.md whose branch line is a million characters", () => {
    const spec = `**Feature Branch**: ${" ".repeat(MB)}x\n# Feature Specification: ${"-".repeat(MB)}`;
    expect(parse({ "spec.md": spec }).specs[0]!.sourceId).toBe("x");
    const unnamed = `**Feature Branch**: \`${"-".repeat(MB)}\n# Feature Specification: ${"- ".repeat(MB)}`;
    expect(refusal(() => parse({ "spec.md": unnamed }))).toMatch(/cannot tell the feature's name/);
  });
});
