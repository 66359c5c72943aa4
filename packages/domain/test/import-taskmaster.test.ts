import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DomainError, checkBundle, fitBundle, parserOf } from "../src/index";

// Written from Task Master's public description of .taskmaster/tasks/tasks.json (tagged lists,
// the legacy untagged file, subtasks with ids of their own, "N.M" dependencies), with the
// irregular shapes real files have: string and number ids mixed, missing optional fields,
// dependencies on subtasks and on tasks that are gone, empty tags, unknown values.
const FIXTURES = new URL("./fixtures/taskmaster/", import.meta.url);
const fixture = (name: string) => ({ "tasks.json": readFileSync(new URL(name, FIXTURES), "utf8") });
const parse = parserOf("taskmaster");
const byId = (name: string, tag?: string) =>
  new Map(parse(fixture(name), { tag }).tasks.map((task) => [task.sourceId, task]));

describe("taskmaster parser", () => {
  it("reads the master tag: ids of both kinds, subtasks as N.M, texts into description and criteria", () => {
    const bundle = parse(fixture("tagged.json"), {});
    expect(bundle.source).toBe("taskmaster:master");
    expect(bundle.tasks.map((task) => task.sourceId)).toEqual([
      "1",
      "2",
      "2.1",
      "2.2",
      "2.3",
      "3",
      "4",
      "5",
      "6",
      "7",
      "7.1",
      "7.2",
    ]);
    expect(bundle.tasks[0]).toEqual({
      sourceId: "1",
      title: "Initialize the project",
      description: "Create the repository and the build.\n\n## Details\n\npnpm workspaces, TypeScript strict.",
      acceptanceCriteria: ["pnpm install succeeds", "pnpm build succeeds"],
      status: "done",
      priority: "high",
      parentSourceId: null,
      dependsOn: [],
      specSourceId: null,
      requirementIds: [],
    });
    const tasks = byId("tagged.json");
    expect(tasks.get("2.3")).toMatchObject({
      parentSourceId: "2",
      dependsOn: ["2.2", "2.1"],
      status: "todo",
      priority: "medium",
      description: "",
      acceptanceCriteria: ["Run the seed twice; it must not duplicate rows."],
    });
    expect(tasks.get("2")?.dependsOn).toEqual(["1"]);
    expect(tasks.get("2.2")?.dependsOn).toEqual(["2.1"]);
    expect(tasks.get("7.1")?.priority).toBe("critical");
  });

  it("resolves dependencies: numbers to tasks, N.M to subtasks, a subtask's number to its sibling else a task", () => {
    const tasks = byId("tagged.json");
    expect(tasks.get("3")?.dependsOn).toEqual(["2", "2.3"]);
    expect(tasks.get("7.2")?.dependsOn).toEqual(["7.1", "3"]);
  });

  it("maps every status and priority, and reports what it cannot map, per item", () => {
    const bundle = parse(fixture("tagged.json"), {});
    const statuses = Object.fromEntries(bundle.tasks.map((task) => [task.sourceId, task.status]));
    expect(statuses).toMatchObject({
      "1": "done",
      "2": "in_progress",
      "2.2": "todo",
      "3": "in_review",
      "4": "todo",
      "5": "todo",
      "6": "cancelled",
      "7": "blocked",
    });
    expect(bundle.tasks.find((task) => task.sourceId === "5")?.priority).toBe("medium");
    expect(bundle.warnings).toEqual([
      { item: "task 3", message: "depends on 99, which is not in this tag: left out" },
      { item: "task 4", message: "status deferred has no Maestro status: imported as todo" },
      { item: "task 5", message: 'status "wip" is unknown: imported as todo' },
      { item: "task 5", message: 'priority "urgent" is unknown: imported as medium' },
    ]);
    expect(() => checkBundle(bundle)).not.toThrow();
  });

  it("picks a tag with --tag, refuses one that is not there naming those that are", () => {
    const bundle = parse(fixture("tagged.json"), { tag: "feature-auth" });
    expect(bundle.source).toBe("taskmaster:feature-auth");
    expect(bundle.tasks.map((task) => task.title)).toEqual(["OAuth"]);
    expect(() => parse(fixture("tagged.json"), { tag: "nope" })).toThrow(
      /no tag "nope" \(it has master, feature-auth\)/,
    );
  });

  it("takes the only tag when there is no master, and asks for --tag when there are several", () => {
    const only = parse(fixture("only-tag.json"), {});
    expect(only.source).toBe("taskmaster:feature-search");
    expect(only.tasks.map((task) => [task.sourceId, task.parentSourceId])).toEqual([
      ["1", null],
      ["1.1", "1"],
    ]);
    expect(only.warnings).toEqual([{ item: "task 1.1", message: "subtask has no id: numbered by its position" }]);
    expect(() => parse(fixture("tags-without-master.json"), {})).toThrow(
      /has tags alpha, beta and none is master: choose one with --tag/,
    );
  });

  it("reads an empty tag as no tasks, with a warning", () => {
    const bundle = parse(fixture("empty-tag.json"), {});
    expect(bundle.tasks).toEqual([]);
    expect(bundle.warnings).toEqual([{ item: "tag master", message: "has no tasks" }]);
    expect(parse(fixture("empty-tag.json"), { tag: "release-2" }).tasks[0]).toMatchObject({
      title: "Changelog",
      status: "todo",
      priority: "medium",
      dependsOn: [],
    });
  });

  it("reads the legacy untagged file as the master tag", () => {
    const bundle = parse(fixture("legacy.json"), {});
    expect(bundle.source).toBe("taskmaster:master");
    expect(bundle.tasks.map((task) => [task.sourceId, task.status, task.dependsOn])).toEqual([
      ["1", "todo", []],
      ["2", "todo", ["1"]],
      ["2.1", "done", []],
    ]);
    expect(() => parse(fixture("legacy.json"), { tag: "feature" })).toThrow(/legacy untagged format/);
  });

  it("fails the whole file on one unusable item, naming it", () => {
    const noTitle = { "tasks.json": JSON.stringify({ master: { tasks: [{ id: 1, title: "ok" }, { id: 2 }] } }) };
    expect(() => parse(noTitle, {})).toThrow(
      new DomainError("INVALID_INPUT", "task 2: has no title", { field: "files" }),
    );
    const noId = { "tasks.json": JSON.stringify({ master: { tasks: [{ title: "Lost" }] } }) };
    expect(() => parse(noId, {})).toThrow(/task at position 1 \("Lost"\) has no id/);
    expect(() => parse({ "tasks.json": "{ not json" }, {})).toThrow(/^tasks.json: is not JSON/);
    const twice = parse(
      {
        "tasks.json": JSON.stringify({
          tasks: [
            { id: 1, title: "a" },
            { id: "1", title: "b" },
          ],
        }),
      },
      {},
    );
    expect(() => checkBundle(twice)).toThrow("task 1: appears twice in the import");
  });

  it("finds tasks.json in a folder of files", () => {
    const files = { "config.json": "{}", "tasks/tasks.json": fixture("legacy.json")["tasks.json"] };
    expect(parse(files, {}).tasks).toHaveLength(3);
  });
});

describe("every bundle's limits", () => {
  it("cuts a description longer than a task takes, with a warning naming the task", () => {
    const long = "x".repeat(25_000);
    const bundle = parse({ "tasks.json": JSON.stringify({ tasks: [{ id: 9, title: "Big", description: long }] }) }, {});
    const fitted = fitBundle(bundle);
    expect(fitted.tasks[0]!.description).toHaveLength(20_000);
    expect(fitted.tasks[0]!.description.endsWith("[…cut by the import]")).toBe(true);
    expect(fitted.warnings).toEqual([{ item: "task 9", message: "description cut from 25000 to 20000 characters" }]);
  });
});
