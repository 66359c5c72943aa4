import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DomainError, isReadByFormat, parserOf, type ImportFiles } from "../src/index";
import { IMPORT_FIXTURES, readFixtureFolder as readFolder } from "./import-fixtures";

const parse = (files: ImportFiles) => parserOf("backlog")(files, {});
const FIXTURE = join(IMPORT_FIXTURES, "backlog");
const task = (id: string, front: string, body = "") => `---\nid: ${id}\ntitle: Task ${id}\n${front}---\n${body}`;

function failure(files: ImportFiles): DomainError {
  try {
    parse(files);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("the import did not fail");
}

describe("backlog import of a backlog/ folder", () => {
  const bundle = parse(readFolder(FIXTURE));
  const byId = new Map(bundle.tasks.map((item) => [item.sourceId, item]));

  it("imports tasks/ and completed/ with ids, statuses, priorities, parents and dependencies", () => {
    expect(bundle).toMatchObject({ format: "backlog", source: "backlog", specs: [], steering: [] });
    expect(bundle.tasks.map((t) => [t.sourceId, t.status, t.priority, t.parentSourceId, t.dependsOn])).toEqual([
      ["task-1", "done", "high", null, []],
      ["task-2", "in_progress", "medium", null, ["task-1"]],
      ["task-2.1", "in_progress", "low", "task-2", []],
      ["task-3", "todo", "medium", null, ["task-2"]],
      ["task-6", "done", "medium", null, []],
      ["task-7", "todo", "medium", null, []],
      ["task-7.1", "todo", "medium", "task-7", []],
    ]);
  });

  it("turns description, plan and notes into one description and the checklist into criteria", () => {
    const first = byId.get("task-1")!;
    expect(first.title).toBe("Set up the project");
    expect(first.acceptanceCriteria).toEqual(["The repository builds on CI", "The home page renders"]);
    expect(first.description).toBe(
      [
        "Create the repository, the CI pipeline and the first page.",
        "## Implementation Plan\n\n1. Scaffold with the framework's starter\n2. Add the CI workflow",
        "## Implementation Notes\n\nUsed the LTS runtime. The `## heading` below is code, not a section:\n\n```md\n## Not a section\n```",
        "## Backlog.md fields\n\n- Labels: setup, infra\n- Assignee: @alice",
      ].join("\n\n"),
    );
  });

  it("reads a CRLF file with an unquoted @assignee and a legacy checklist without markers", () => {
    const second = byId.get("task-2")!;
    expect(second.title).toBe("Albums: create and list");
    expect(second.description).toBe(
      "People create albums and see them listed, newest first.\n\n## Backlog.md fields\n\n- Labels: backend, api\n- Assignee: @bob",
    );
    expect(second.acceptanceCriteria).toEqual(["Creating an album with a name works", "The list shows newest first"]);
  });

  it("keeps text without sections, a final summary and a definition of done in the description", () => {
    expect(byId.get("task-3")!.description).toBe(
      "Share a link to an album. (No sections: this text is the description.)",
    );
    expect(byId.get("task-6")!.description).toBe("## Final Summary\n\nPicked the region closest to most users.");
    expect(byId.get("task-7")!.description).toBe(
      "Generate thumbnails on upload.\n\n## Definition of Done\n\n- [ ] #1 Tests pass\n\n## Backlog.md fields\n\n- Milestone: v1",
    );
  });

  it("reports every item it could not carry over as it was", () => {
    expect(bundle.warnings).toEqual([
      { item: "archive/tasks/task-4 - Import-from-the-old-site.md", message: "archived: not imported" },
      { item: "drafts/draft-1 - Albums-shared-with-groups.md", message: "a draft: not imported" },
      {
        item: "tasks/task-2 - Albums-create-and-list.md",
        message: "1 of 2 acceptance criteria were checked off; Maestro keeps the criteria, not the check marks",
      },
      {
        item: "tasks/task-2.01 - Album-form.md",
        message: 'status "Design review" imported as in_progress, from its place among config.yml statuses',
      },
      {
        item: "tasks/task-7 - Thumbnails.md",
        message: 'status "Waiting for vendor" is not one of config.yml statuses: imported as todo',
      },
      {
        item: "tasks/task-7.1 - Thumbnails-for-old-photos.md",
        message: 'priority "urgent" is not low, medium or high: imported as medium',
      },
      {
        item: "tasks/task-3 - Share-an-album.md",
        message: "depends on task-4 (archived, not imported): that dependency is left out",
      },
      {
        item: "tasks/task-3 - Share-an-album.md",
        message: "depends on task-99 (not among the imported tasks): that dependency is left out",
      },
      { item: "backlog", message: "2 files that are not tasks were not imported (decisions, docs)" },
    ]);
  });

  it("gives the same tasks for the project root holding backlog/ and backlog.config.yml", () => {
    const rooted = Object.fromEntries(
      Object.entries(readFolder(FIXTURE)).map(([path, text]) => [`backlog/${path}`, text]),
    );
    expect(parse(rooted).tasks).toEqual(bundle.tasks);
    const { "backlog/config.yml": config, ...rest } = rooted;
    expect(parse({ ...rest, "backlog.config.yml": config! }).tasks).toEqual(bundle.tasks);
  });
});

describe("backlog import of a project root", () => {
  it("reads only Backlog.md's files, so a repository's other files do not count against the caps (regression: all were read)", () => {
    const read = (path: string) => isReadByFormat("backlog", path);
    for (const path of ["backlog/tasks/task-1 - A.md", "backlog/archive/tasks/task-4.md", "backlog/config.yml"]) {
      expect(read(path)).toBe(true);
    }
    expect(["backlog.config.yml", "tasks/task-1.md", "completed/task-2.md", "task-3.md"].every(read)).toBe(true);
    expect(["docs/guide.md", "backlog/docs/doc-1.md", "backlog/decisions/d-1.md", "src/notes.md"].some(read)).toBe(
      false,
    );
  });

  it("takes no tasks/ beside backlog/ for Backlog.md's (regression: its Markdown failed the import)", () => {
    const files = { "backlog/tasks/task-1 - A.md": task("task-1", ""), "tasks/notes.md": "# Not a task\n" };
    expect(parse(files).tasks.map((found) => found.sourceId)).toEqual(["task-1"]);
  });
});

describe("backlog import of a tasks/ folder alone", () => {
  const bundle = parse(readFolder(join(FIXTURE, "tasks")));

  it("imports its files with the default statuses", () => {
    expect(bundle.tasks.map((t) => [t.sourceId, t.status])).toEqual([
      ["task-1", "done"],
      ["task-2", "in_progress"],
      ["task-2.1", "todo"],
      ["task-3", "todo"],
      ["task-7", "todo"],
      ["task-7.1", "todo"],
    ]);
    expect(bundle.warnings).toContainEqual({
      item: "task-2.01 - Album-form.md",
      message: 'status "Design review" is not one of config.yml statuses: imported as todo',
    });
  });
});

describe("backlog statuses, priorities and ids", () => {
  const config = 'statuses: ["Backlog", "Spec", "Build", "Shipped"]\ndefault_status: Spec\ntask_prefix: back\n';

  it("maps known names by name and custom columns by their place in config.yml", () => {
    const files = {
      "config.yml": config,
      "tasks/a.md": task("back-1", "status: Backlog\n"),
      "tasks/b.md": task("back-2", "status: Build\n"),
      "tasks/c.md": task("back-3", "status: Shipped\n"),
      "tasks/d.md": task("back-4", ""),
      "tasks/e.md": task("back-5", "status: won't do\npriority: Critical\n"),
      "tasks/f.md": task("back-6", "status: in-review\n"),
    };
    const bundle = parse(files);
    expect(bundle.tasks.map((t) => [t.sourceId, t.status, t.priority])).toEqual([
      ["back-1", "todo", "medium"],
      ["back-2", "in_progress", "medium"],
      ["back-3", "done", "medium"],
      ["back-4", "in_progress", "medium"],
      ["back-5", "cancelled", "critical"],
      ["back-6", "in_review", "medium"],
    ]);
  });

  it("treats TASK-7, task-7, 7 and 007 as one id, with the configured prefix for bare numbers", () => {
    const files = {
      "config.yml": config,
      "tasks/back-7 - Seven.md": task("BACK-007", ""),
      "tasks/back-8.md": task("8", "dependencies: [7, BACK-7, back-0007]\nparent_task_id: back-7\n"),
      "tasks/back-9.md": task("back-9", "dependencies: back-8, 7\n"),
    };
    const bundle = parse(files);
    expect(bundle.tasks.map((t) => [t.sourceId, t.parentSourceId, t.dependsOn])).toEqual([
      ["back-7", null, []],
      ["back-8", "back-7", ["back-7"]],
      ["back-9", null, ["back-8", "back-7"]],
    ]);
  });

  it("takes a missing id and title from the file name", () => {
    const files = { "task-12 - Fix-the-login.md": "---\nstatus: To Do\n---\n" };
    expect(parse(files).tasks.map((t) => [t.sourceId, t.title])).toEqual([["task-12", "Fix the login"]]);
  });

  it("quotes @names however Backlog.md wrote them", () => {
    const files = {
      "a.md": task("task-1", "assignee: [@alice, @bob]\nreporter: @carol\n"),
      "b.md": task("task-2", "assignee:\n  - @dan\n  - '@erin'\n"),
    };
    const [first, second] = parse(files).tasks;
    expect(first!.description).toBe("## Backlog.md fields\n\n- Assignee: @alice, @bob\n- Reporter: @carol");
    expect(second!.description).toBe("## Backlog.md fields\n\n- Assignee: @dan, @erin");
  });

  it("warns about a parent that is not imported and imports the subtask at the top", () => {
    const bundle = parse({ "a.md": task("task-1.1", "parent_task_id: task-1\n") });
    expect(bundle.tasks[0]!.parentSourceId).toBeNull();
    expect(bundle.warnings).toEqual([
      { item: "a.md", message: "parent task-1 (not among the imported tasks): imported as a top-level task" },
    ]);
  });
});

describe("backlog import refuses what it cannot import, naming the file", () => {
  it("fails on a duplicated id, naming both files", () => {
    const error = failure({ "task-1 - A.md": task("task-1", ""), "task-1 - B.md": task("TASK-1", "") });
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toBe("task-1 - B.md: id task-1 is also the id of task-1 - A.md");
  });

  it("fails on a file without front matter, with unclosed front matter, or with broken YAML", () => {
    expect(failure({ "a.md": "# Just notes\n" }).message).toBe("a.md: has no front matter (a first line `---`)");
    expect(failure({ "a.md": "---\nid: task-1\n" }).message).toBe("a.md: front matter has no closing `---` line");
    expect(failure({ "a.md": "---\nid: [task-1\n---\n" }).message).toMatch(/^a\.md: YAML does not parse: /);
    expect(failure({ "a.md": "---\n- a\n- b\n---\n" }).message).toBe("a.md: YAML must be a mapping of fields");
  });

  it("fails on a dependency cycle and on a parent cycle, naming the files", () => {
    const deps = {
      "a.md": task("task-1", "dependencies: [task-2]\n"),
      "b.md": task("task-2", "dependencies: [task-1]\n"),
    };
    expect(failure(deps).message).toBe("a.md, b.md: dependencies form a cycle: task-1 → task-2 → task-1");
    const parents = {
      "a.md": task("task-1", "parent_task_id: task-2\n"),
      "b.md": task("task-2", "parent_task_id: task-1\n"),
    };
    expect(failure(parents).message).toBe("a.md, b.md: parents form a cycle: task-1 → task-2 → task-1");
  });

  it("fails when nothing sent is a Backlog.md task", () => {
    expect(failure({ "notes.txt": "x", "docs/doc-1 - Guide.md": "---\nid: doc-1\n---\n" }).message).toBe(
      "files: no Backlog.md task files (tasks/*.md) in what was sent",
    );
  });
});

// Inputs shaped to make backtracking patterns slow: with a quadratic step these take minutes and
// time out; linear code takes milliseconds. No timing is asserted.
describe("backlog import of hostile files", () => {
  const NEAR_CAP = 400_000;

  it("reads a body of long heading, marker and checklist lines", () => {
    const spaces = " ".repeat(NEAR_CAP / 4);
    const body = `\n## Notes${spaces}x\n<!-- ${"A:".repeat(NEAR_CAP / 8)}B -->\n## Acceptance Criteria\n- [ ] #${"1".repeat(NEAR_CAP / 4)}\n`;
    const bundle = parse({ "a.md": task("task-1", "", body) });
    expect(bundle.tasks[0]!.acceptanceCriteria).toHaveLength(1);
  });

  it("refuses front matter over 32 KB and an alias bomb", () => {
    const long = `---\nid: task-1\ntitle: x\nassignee: [${"@a, ".repeat(NEAR_CAP / 4)}]\n---\n`;
    expect(failure({ "a.md": long }).message).toMatch(/^a\.md: YAML is \d+ characters, over the limit of 32768$/);
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      ..."bcdefghij".split("").map((k, i) => `${k}: &${k} [${`*${"abcdefghij"[i]}, `.repeat(9)}]`),
    ];
    expect(failure({ "a.md": `---\nid: task-1\ntitle: x\n${bomb.join("\n")}\n---\n` }).message).toMatch(
      /^a\.md: YAML does not parse: Excessive alias count/,
    );
  });

  it("normalises an id made of digits and dots in one pass", () => {
    const id = `task-${"1.".repeat(40)}1`;
    expect(parse({ "a.md": task(id, "") }).tasks[0]!.sourceId).toBe(id);
  });
});
