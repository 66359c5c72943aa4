import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DomainError, parserOf, type ImportFiles } from "../src/index";
import { IMPORT_FIXTURES, readFixtureFolder as readFolder } from "./import-fixtures";

const parse = (files: ImportFiles, tag?: string) => parserOf("agent-maestro")(files, { tag });
const DATA = readFolder(join(IMPORT_FIXTURES, "agent-maestro"));
const ALBUMS = "proj_1738713600000_x7k9m2p4q";
const CLI = "proj_1738800000000_k2j4h6g8f";
const json = (value: object) => JSON.stringify(value, null, 2);

function failure(files: ImportFiles, tag?: string): DomainError {
  try {
    parse(files, tag);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("the import did not fail");
}

describe("agent-maestro import of a data directory", () => {
  const bundle = parse(DATA, ALBUMS);
  const byId = new Map(bundle.tasks.map((task) => [task.sourceId, task]));

  it("imports the chosen project's tasks, flat and per-project files alike", () => {
    expect(bundle).toMatchObject({
      format: "agent-maestro",
      source: `agent-maestro:${ALBUMS}`,
      specs: [],
      steering: [],
    });
    expect(bundle.tasks.map((t) => [t.sourceId, t.status, t.priority, t.parentSourceId, t.dependsOn])).toEqual([
      ["task_1738700000000_l3g4c5y6t", "todo", "medium", null, []],
      ["task_1738713700000_p9q2r5t8w", "in_progress", "high", null, []],
      ["task_1738713800000_a1b2c3d4e", "done", "medium", "task_1738713700000_p9q2r5t8w", []],
      [
        "task_1738713900000_f5g6h7j8k",
        "todo",
        "medium",
        "task_1738713700000_p9q2r5t8w",
        ["task_1738713800000_a1b2c3d4e"],
      ],
      ["task_1738714100000_m3n4b5v6c", "in_review", "medium", null, ["task_1738713700000_p9q2r5t8w"]],
    ]);
  });

  it("keeps the initial prompt when it says more than the description, and older acceptance criteria", () => {
    expect(byId.get("task_1738713700000_p9q2r5t8w")!.description).toBe(
      "REST endpoints for albums and photos.\n\n## Initial prompt\n\nCreate the albums API with Express; keep handlers small.",
    );
    expect(byId.get("task_1738713800000_a1b2c3d4e")!.description).toBe("GET and POST /albums.");
    expect(byId.get("task_1738713900000_f5g6h7j8k")!.description).toBe("");
    expect(byId.get("task_1738700000000_l3g4c5y6t")!.acceptanceCriteria).toEqual([
      "Costs are compared",
      "A choice is written down",
    ]);
  });

  it("reports archived tasks, unknown values, dropped dependencies and what it left out", () => {
    const task = (id: string) => `tasks/${ALBUMS}/${id}.json`;
    expect(bundle.warnings).toEqual([
      { item: task("task_1738714000000_z9y8x7w6v"), message: "archived: not imported" },
      {
        item: task("task_1738714100000_m3n4b5v6c"),
        message: 'priority "urgent" is not low, medium or high: imported as medium',
      },
      {
        item: task("task_1738713900000_f5g6h7j8k"),
        message: "depends on task_1738000000000_gone0000 (not among the imported tasks): that dependency is left out",
      },
      {
        item: task("task_1738714100000_m3n4b5v6c"),
        message: "depends on task_1738714000000_z9y8x7w6v (archived, not imported): that dependency is left out",
      },
      {
        item: "agent-maestro",
        message:
          "not imported: 2 files that are not projects or tasks (sessions, team-members); 1 task of other projects",
      },
    ]);
  });

  it("chooses a project by name, without regard to case", () => {
    expect(parse(DATA, "photo ALBUMS").tasks).toEqual(bundle.tasks);
    expect(parse(DATA, "CLI tools").tasks.map((t) => t.sourceId)).toEqual(["task_1738800100000_c1i2t3o4o"]);
  });

  it("accepts the folder above data/", () => {
    const parent = Object.fromEntries(Object.entries(DATA).map(([path, text]) => [`data/${path}`, text]));
    expect(parse(parent, ALBUMS).source).toBe(`agent-maestro:${ALBUMS}`);
    expect(parse(parent, ALBUMS).tasks).toEqual(bundle.tasks);
  });
});

describe("agent-maestro project choice", () => {
  it("fails naming the projects when several are there and none is chosen", () => {
    const error = failure(DATA);
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toBe(
      `tag: the data holds 2 projects, choose one by id or name: ${ALBUMS} (Photo albums), ${CLI} (CLI tools)`,
    );
  });

  it("fails naming the projects when the chosen one is not there", () => {
    expect(failure(DATA, "proj_missing").message).toBe(
      `tag: no single agent-maestro project is "proj_missing"; the data holds ${ALBUMS} (Photo albums), ${CLI} (CLI tools)`,
    );
  });

  it("takes the only project without a choice, even one known only from its tasks", () => {
    const files = { "tasks/p1/t1.json": json({ id: "t1", projectId: "p1", title: "One" }) };
    expect(parse(files).source).toBe("agent-maestro:p1");
  });
});

describe("agent-maestro irregular files", () => {
  it("reads number ids, CRLF files and missing optional fields", () => {
    const files = {
      "projects/7.json": json({ id: 7, name: "Seven" }),
      "tasks/7/1.json": json({ id: 1, projectId: 7, title: "Root" }).replaceAll("\n", "\r\n"),
      "tasks/7/2.json": json({ id: 2, projectId: 7, parentId: 1, title: "Child", dependencies: [3, "1"] }),
      "tasks/7/3.json": json({ id: "3", title: "Sibling", status: "Done", priority: null, description: null }),
    };
    const bundle = parse(files);
    expect(bundle.source).toBe("agent-maestro:7");
    expect(bundle.tasks.map((t) => [t.sourceId, t.title, t.status, t.parentSourceId, t.dependsOn])).toEqual([
      ["1", "Root", "todo", null, []],
      ["2", "Child", "todo", "1", ["3", "1"]],
      ["3", "Sibling", "done", null, []],
    ]);
    expect(bundle.warnings).toEqual([]);
  });

  it("reads one project's task folder sent alone", () => {
    const files = { "a.json": json({ id: "a", projectId: "p1", title: "A" }), "b.json": json({ id: "b", title: "B" }) };
    expect(parse(files).tasks.map((t) => t.sourceId)).toEqual(["a", "b"]);
  });

  it("takes the tag as the project of tasks that name none, and asks for it otherwise", () => {
    const files = { "a.json": json({ id: "a", title: "A" }) };
    expect(parse(files, "p9").source).toBe("agent-maestro:p9");
    expect(failure(files).message).toBe("tag: the tasks name no project; give the project id as the tag");
  });

  it("maps an unknown status to todo with a warning", () => {
    const bundle = parse({ "t.json": json({ id: "t", projectId: "p", title: "T", status: "paused" }) });
    expect(bundle.tasks[0]!.status).toBe("todo");
    expect(bundle.warnings).toEqual([
      { item: "t.json", message: 'status "paused" is not one agent-maestro writes: imported as todo' },
    ]);
  });

  it("imports one project while another project's task file is broken", () => {
    const files = { "tasks/p/a.json": json({ id: "a", title: "A" }), "tasks/q/b.json": "{ not json" };
    expect(parse(files, "p").tasks.map((t) => t.sourceId)).toEqual(["a"]);
    expect(failure(files, "q").message).toMatch(/^tasks\/q\/b\.json: is not JSON \(/);
  });

  it("fails on a duplicated id, naming both files", () => {
    const files = {
      "tasks/p/a.json": json({ id: "t1", projectId: "p", title: "A" }),
      "tasks/p/b.json": json({ id: "t1", projectId: "p", title: "B" }),
    };
    expect(failure(files).message).toBe("tasks/p/b.json: id t1 is also the id of tasks/p/a.json");
  });

  it("fails on a file that is not JSON or lacks a title, naming the file and field", () => {
    expect(failure({ "tasks/p/a.json": "{ id: 1" }).message).toMatch(/^tasks\/p\/a\.json: is not JSON \(/);
    expect(failure({ "tasks/p/a.json": json({ id: "a", projectId: "p" }) }).message).toMatch(
      /^tasks\/p\/a\.json: title: /,
    );
    expect(failure({ "tasks/p/a.json": json({ id: "a", projectId: "p", title: "  " }) }).message).toBe(
      "tasks/p/a.json: title: must not be empty",
    );
  });

  it("fails when nothing sent is agent-maestro data", () => {
    expect(failure({ "sessions/s.json": "{}", "notes.md": "x" }).message).toBe(
      "files: no agent-maestro projects/*.json or tasks/**/*.json in what was sent",
    );
  });

  it("fails on a dependency cycle, naming the files", () => {
    const files = {
      "tasks/p/a.json": json({ id: "a", projectId: "p", title: "A", dependencies: ["b"] }),
      "tasks/p/b.json": json({ id: "b", projectId: "p", title: "B", dependencies: ["a"] }),
    };
    expect(failure(files).message).toBe("tasks/p/a.json, tasks/p/b.json: dependencies form a cycle: a → b → a");
  });
});
