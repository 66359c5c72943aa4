import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DomainError, type ImportFiles, parserOf } from "../src/index";
import { IMPORT_FIXTURES, readFixtureFolder, withCrlf } from "./import-fixtures";

const parse = (files: ImportFiles, options: { folder?: string } = {}) => parserOf("kiro")(files, options);
const KIRO = readFixtureFolder(join(IMPORT_FIXTURES, "kiro", ".kiro"));

/** The files of one spec folder, by their paths inside it. */
function specFolder(name: string): ImportFiles {
  const prefix = `specs/${name}/`;
  return Object.fromEntries(
    Object.entries(KIRO)
      .filter(([path]) => path.startsWith(prefix))
      .map(([path, text]) => [path.slice(prefix.length), text]),
  );
}

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

const summary = (files: ImportFiles, options: { folder?: string } = {}) =>
  parse(files, options).tasks.map((task) => [task.sourceId, task.parentSourceId, task.status, task.dependsOn]);

describe("kiro import of a .kiro folder", () => {
  const bundle = parse(KIRO);
  const task = (id: string) => bundle.tasks.find((found) => found.sourceId === id)!;

  it("makes each spec folder a spec with its documents, under the one source `kiro`", () => {
    expect(bundle.format).toBe("kiro");
    expect(bundle.source).toBe("kiro");
    expect(bundle.specs.map((spec) => [spec.sourceId, spec.name, Object.keys(spec.documents)])).toEqual([
      ["photo-albums", "Photo albums", ["requirements", "design", "tasks"]],
      ["share-links", "Share links", ["requirements", "tasks"]],
    ]);
    expect(bundle.specs[0]!.documents.requirements).toBe(KIRO["specs/photo-albums/requirements.md"]);
  });

  it("makes steering/*.md steering documents, front matter taken off", () => {
    expect(bundle.steering).toEqual([
      { name: "product", content: KIRO["steering/product.md"] },
      { name: "tech", content: "# Tech\n\nTypeScript on Node 22, Fastify, SQLite through Drizzle.\n" },
    ]);
  });

  it("reports what it leaves out or changes", () => {
    expect(bundle.warnings).toEqual([
      { item: "settings/mcp.json", message: "left out: not a Kiro spec document or steering file" },
      { item: "share-links/design.md", message: "empty; left out" },
      {
        item: "share-links/tasks.md line 15",
        message: "the task has no number; it is untitled-tidy-up-the-share-dialog-copy",
      },
      {
        item: "steering/tech.md",
        message: 'inclusion "fileMatch" in Kiro; Maestro gives every steering document to every task',
      },
    ]);
  });

  it("reads nested tasks, their boxes and Kiro's one-at-a-time order", () => {
    expect(summary(specFolder("photo-albums"), { folder: "photo-albums" })).toEqual([
      ["photo-albums/1", null, "done", []],
      ["photo-albums/2", null, "todo", []],
      ["photo-albums/2.1", "photo-albums/2", "done", ["photo-albums/1"]],
      ["photo-albums/2.2", "photo-albums/2", "in_progress", ["photo-albums/2.1"]],
      // Optional: it waits its turn but holds nothing up.
      ["photo-albums/2.3", "photo-albums/2", "todo", ["photo-albums/2.2"]],
      ["photo-albums/3", null, "todo", ["photo-albums/2.2"]],
    ]);
  });

  it("takes subtasks by their number even when Kiro did not indent them, and `_Depends_` lines", () => {
    expect(summary(specFolder("share-links"), { folder: "share-links" })).toEqual([
      ["share-links/1", null, "todo", []],
      ["share-links/1.1", "share-links/1", "todo", []],
      ["share-links/1.2", "share-links/1", "todo", ["share-links/1.1"]],
      ["share-links/2", null, "todo", ["share-links/1.2"]],
      ["share-links/untitled-tidy-up-the-share-dialog-copy", null, "todo", ["share-links/2"]],
    ]);
  });

  it("keeps detail bullets as the description and requirement references as ids", () => {
    expect(task("photo-albums/2.1")).toMatchObject({
      title: "Create albums with a validated name",
      description: "- Refuse an empty name, naming the field",
      requirementIds: ["1.1", "1.2"],
      specSourceId: "photo-albums",
      priority: "medium",
    });
    expect(task("photo-albums/2.3")).toMatchObject({
      description:
        "- **Property 1: a removed photo stays in the library**\n- **Validates: Requirements 2.1**\n\n_Optional in the Kiro plan._",
      requirementIds: ["2.1"],
      priority: "low",
    });
    expect(task("photo-albums/3").requirementIds).toEqual(["1.1", "2.1"]);
    // The item number links the task to its spec's tasks document (a later approval updates it).
    expect(bundle.tasks.map((found) => found.specItem)).toEqual([
      ...["1", "2", "2.1", "2.2", "2.3", "3"],
      ...["1", "1.1", "1.2", "2", undefined],
    ]);
  });
});

describe("kiro: what is imported from which folder", () => {
  it("reads the same from the project root (`.kiro/…` paths) and from CRLF files", () => {
    const fromRoot = Object.fromEntries(Object.entries(KIRO).map(([path, text]) => [`.kiro/${path}`, text]));
    expect(parse(fromRoot)).toEqual(parse(KIRO));
    expect(parse(withCrlf(KIRO))).toEqual(parse(KIRO));
  });

  it("names a lone spec folder after the folder the client names, else its first heading", () => {
    expect(parse(specFolder("photo-albums"), { folder: "photo-albums" }).specs[0]!.sourceId).toBe("photo-albums");
    expect(parse(specFolder("share-links")).specs.map((spec) => [spec.sourceId, spec.name])).toEqual([
      ["share-links", "Share links"],
    ]);
    expect(refusal(() => parse(specFolder("photo-albums")))).toMatch(/^kiro: cannot tell this spec's name/);
  });

  it("takes bugfix.md as the requirements, and steering alone", () => {
    const bugfix = parse(
      { "bugfix.md": "# Bugfix\n\nThe link 404s.", "tasks.md": "- [ ] 1. Fix it" },
      { folder: "fix-404" },
    );
    expect(bugfix.specs[0]!.documents).toEqual({
      requirements: "# Bugfix\n\nThe link 404s.",
      tasks: "- [ ] 1. Fix it",
    });
    const steering = parse({ "steering/tech stack.md": "# Tech" });
    expect(steering.steering).toEqual([{ name: "tech-stack", content: "# Tech" }]);
    expect(steering.warnings[0]!.message).toMatch(/^imported as tech-stack\.md/);
  });

  it("refuses a folder with nothing Kiro in it", () => {
    expect(refusal(() => parse({ "README.md": "# Hi" }))).toBe(
      "kiro: found no requirements.md, design.md, tasks.md or steering/*.md",
    );
  });
});

describe("kiro irregular tasks", () => {
  const tasks = (text: string) => parse({ "tasks.md": text }, { folder: "f" });

  it("refuses a number used twice, naming both lines", () => {
    expect(refusal(() => tasks("- [ ] 1. A\n- [ ] 2. B\n- [ ] 1. C"))).toBe(
      "kiro: f/tasks.md line 3: task number 1 is used twice (first on line 1)",
    );
  });

  it("leaves out a dependency on a task that is not there, with a warning naming the line", () => {
    const bundle = tasks("- [ ] 1. A\n- [ ] 2. B\n  - _Depends: 7_");
    expect(bundle.tasks[1]!.dependsOn).toEqual(["f/1"]);
    expect(bundle.warnings).toEqual([
      { item: "f/tasks.md line 3", message: "task 2 depends on 7, which is not in tasks.md; left out" },
    ]);
  });

  it("reports a line of many odd references, or many unknown ones, in one warning", () => {
    const words = Array.from({ length: 1000 }, (_, index) => `w${index}`).join(", ");
    const numbers = Array.from({ length: 1000 }, (_, index) => `${index + 10}`).join(", ");
    const bundle = tasks(`- [ ] 1. A\n  _Requirements: 1.1, ${words}_\n  _Depends: ${numbers}_`);
    expect(bundle.tasks[0]!.requirementIds).toEqual(["1.1"]);
    expect(bundle.warnings).toEqual([
      { item: "f/tasks.md line 2", message: '"w0", "w1", "w2" and 997 more are not numbers like 1 or 2.3; left out' },
      {
        item: "f/tasks.md line 3",
        message: "task 1 depends on 10, 11, 12, 13, 14 and 995 more, which are not in tasks.md; left out",
      },
    ]);
  });

  it("refuses a dependency on a later task, on itself or on its own parent", () => {
    expect(refusal(() => tasks("- [ ] 1. A\n  _Depends: 2_\n- [ ] 2. B"))).toBe(
      "kiro: f/tasks.md line 2: task 1 depends on 2, which comes later (line 3)",
    );
    expect(refusal(() => tasks("- [ ] 1. A\n  _Depends: 1_"))).toMatch(/line 2: task 1 depends on itself/);
    expect(refusal(() => tasks("- [ ] 1. A\n  - [ ] 1.1 B\n    _Depends: 1_"))).toMatch(
      /line 3: task 1\.1 cannot depend on 1: it is part of it/,
    );
  });

  it("makes a sub-task without its parent top-level, and reports odd references and boxes", () => {
    const bundle = tasks("- [?] 3.1 Orphan\n  - _Requirements: 1.1, all_");
    expect(bundle.tasks.map((task) => [task.sourceId, task.parentSourceId, task.status, task.requirementIds])).toEqual([
      ["f/3.1", null, "todo", ["1.1"]],
    ]);
    expect(bundle.warnings.every((warning) => warning.item.startsWith("f/tasks.md line "))).toBe(true);
    expect(bundle.warnings.map((warning) => warning.message)).toEqual([
      "task 3.1 has no parent task in the list; imported as a top-level task",
      'checkbox "[?]" is not [ ] or [x]; imported as to do',
      '"all" is not a number like 1 or 2.3; left out',
    ]);
  });

  it("keeps an empty tasks.md as no tasks, and code blocks as description", () => {
    expect(tasks("").tasks).toEqual([]);
    const fenced = tasks("- [ ] 1. A\n  ```\n- [ ] 2. not a task\n  ```");
    expect(fenced.tasks.map((task) => task.sourceId)).toEqual(["f/1"]);
    expect(fenced.tasks[0]!.description).toBe("```\n- [ ] 2. not a task\n```");
  });
});

// At ~1 MB a backtracking pattern takes minutes on these lines, so the tests time out rather
// than pass. No timing is asserted.
describe("kiro on hostile lines", () => {
  const MB = 1_000_000;

  it("reads requirement lines of underscores, spaces and stars", () => {
    const bundle = parse(
      {
        "tasks.md": [
          "- [ ] 1. A",
          `  _Requirements: 1.1${"_".repeat(MB)}x_`,
          `  **Validates:${" ".repeat(MB)}1.2${"*".repeat(MB)}`,
          `- [ ] 2.${" ".repeat(MB)}x`,
        ].join("\n"),
      },
      { folder: "f" },
    );
    expect(bundle.tasks[0]!.requirementIds).toEqual(["1.2"]);
  });

  it("gives 40,000 unnumbered tasks of one title their ids in linear time (regression: quadratic suffix search)", () => {
    const bundle = parse({ "tasks.md": "- [ ] Same title\n".repeat(40_000) }, { folder: "f" });
    expect(bundle.tasks[1]!.sourceId).toBe("f/untitled-same-title-2");
    expect(bundle.tasks.at(-1)!.sourceId).toBe("f/untitled-same-title-40000");
  });

  it("reads 150,000 tasks and a line of 200,000 requirement ids (regression: push(...) overflowed the call stack)", () => {
    const many = Array.from({ length: 150_000 }, (_, index) => `- [ ] ${index + 1} T`).join("\n");
    expect(parse({ "tasks.md": many }, { folder: "f" }).tasks).toHaveLength(150_000);
    const ids = Array.from({ length: 200_000 }, (_, index) => String(index + 1)).join(",");
    const bundle = parse({ "tasks.md": `- [ ] 1. A\n  _Requirements: ${ids}_` }, { folder: "f" });
    expect(bundle.tasks[0]!.requirementIds).toHaveLength(200_000);
  }, 30_000);

  it("reads a title of a million dots and a heading of a million hashes", () => {
    const bundle = parse({ "tasks.md": `- [ ] 1${".".repeat(MB)} A\n${"#".repeat(MB)}` }, { folder: "f" });
    expect(bundle.tasks).toHaveLength(1);
  });
});
