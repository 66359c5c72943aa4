import { describe, expect, it } from "vitest";
import { type Task, checkBundle, exportMaestroJson, exportTaskmaster, fitBundle, parserOf } from "../src/index";

const task = (fields: Partial<Task> & Pick<Task, "id" | "key" | "title">): Task =>
  ({
    projectId: "p",
    parentId: null,
    description: "",
    acceptanceCriteria: [],
    status: "todo",
    priority: "medium",
    dependsOn: [],
    specId: null,
    requirementIds: [],
    ...fields,
  }) as Task;

const graph = {
  project: { key: "WEB", name: "Web" },
  tasks: [
    task({ id: "a", key: "WEB-1", title: "API", description: "Server.\n\n## Details\n\ntRPC", priority: "high" }),
    task({ id: "b", key: "WEB-2", title: "Schema", parentId: "a", status: "done", acceptanceCriteria: ["tables"] }),
    task({ id: "c", key: "WEB-3", title: "Deep", parentId: "b", status: "failed", dependsOn: ["b"] }),
    task({ id: "d", key: "WEB-4", title: "UI", dependsOn: ["c", "a"], specId: "s", requirementIds: ["US1"] }),
  ],
  specs: [{ id: "s", slug: "login", name: "Login", documents: { requirements: "# R\n" } }],
  steering: [{ name: "tech", content: "TS\n" }],
};

describe("json format", () => {
  it("reads back what it wrote: keys as ids, parents, dependencies, specs and steering", () => {
    const file = exportMaestroJson(graph);
    const bundle = parserOf("json")({ [file.fileName]: file.content }, {});
    expect(bundle.source).toBe("json:WEB");
    expect(bundle.tasks.map((t) => [t.sourceId, t.parentSourceId, t.dependsOn, t.status, t.specSourceId])).toEqual([
      ["WEB-1", null, [], "todo", null],
      ["WEB-2", "WEB-1", [], "done", null],
      ["WEB-3", "WEB-2", ["WEB-2"], "failed", null],
      ["WEB-4", null, ["WEB-3", "WEB-1"], "todo", "login"],
    ]);
    expect(bundle.specs).toEqual([{ sourceId: "login", name: "Login", documents: { requirements: "# R\n" } }]);
    expect(bundle.steering).toEqual([{ name: "tech", content: "TS\n" }]);
    expect(bundle.warnings).toEqual([]);
  });

  it("names the item a problem is in, and reports values it does not know per item", () => {
    const parse = (doc: object) => parserOf("json")({ "x.json": JSON.stringify(doc) }, {});
    const base = { format: "maestro", version: 1, project: { key: "WEB", name: "Web" } };
    expect(() => parse({ ...base, tasks: [{ key: "WEB-1", title: 5 }] })).toThrow(/^x.json: task WEB-1: title /);
    expect(() => parse({ format: "other" })).toThrow(/^x.json: format: /);
    const odd = parse({ ...base, tasks: [{ key: "WEB-1", title: "A", status: "someday", priority: "p0" }] });
    expect(odd.tasks[0]).toMatchObject({ status: "todo", priority: "medium" });
    expect(odd.warnings.map((warning) => warning.item)).toEqual(["task WEB-1", "task WEB-1"]);
  });
});

describe("every bundle's checks", () => {
  const parse = (tasks: object[]) =>
    parserOf("json")(
      { "x.json": JSON.stringify({ format: "maestro", version: 1, project: { key: "W", name: "W" }, tasks }) },
      {},
    );

  it("refuses a parent loop and a reference to nothing, naming the item", () => {
    const loop = parse([
      { key: "W-1", title: "a", parent: "W-3" },
      { key: "W-2", title: "b", parent: "W-1" },
      { key: "W-3", title: "c", parent: "W-2" },
      { key: "W-4", title: "d", parent: "W-3" },
    ]);
    expect(() => checkBundle(loop)).toThrow("task W-1: its parents loop: W-1 → W-3 → W-2 → W-1");
    const chain = parse(
      Array.from({ length: 3000 }, (_, i) => ({ key: `W-${i + 1}`, title: "t", parent: i === 0 ? null : `W-${i}` })),
    );
    expect(() => checkBundle(chain)).not.toThrow();
    expect(() => checkBundle(parse([{ key: "W-1", title: "a", dependsOn: ["W-9"] }]))).toThrow(
      "task W-1: depends on W-9, which is not in the import",
    );
  });

  it("takes a dependency or requirement named twice once, and refuses more dependencies than a task may have", () => {
    const twice = fitBundle(
      parse([
        { key: "W-1", title: "a" },
        { key: "W-2", title: "b", dependsOn: ["W-1", "W-1"], requirementIds: ["US1", "US1"] },
      ]),
    );
    expect(twice.tasks[1]).toMatchObject({ dependsOn: ["W-1"], requirementIds: ["US1"] });
    const keys = Array.from({ length: 201 }, (_, i) => `W-${i + 1}`);
    const wide = parse([...keys.map((key) => ({ key, title: "t" })), { key: "W-0", title: "all", dependsOn: keys }]);
    expect(() => checkBundle(fitBundle(wide))).toThrow("task W-0: depends on 201 tasks, Maestro allows 200");
  });
});

describe("taskmaster export", () => {
  it("writes criteria of several lines so they read back as they were (regression: they came back as one prose criterion)", () => {
    const criteria = ["tables exist", "the seed:\n\n  runs twice\nwithout duplicates", "- looks like a bullet"];
    const one = { ...graph, tasks: [task({ id: "a", key: "WEB-1", title: "API", acceptanceCriteria: criteria })] };
    const file = exportTaskmaster(one).content;
    const back = parserOf("taskmaster")({ "tasks.json": file }, {});
    expect(back.tasks[0]!.acceptanceCriteria).toEqual(criteria);
  });

  it("numbers top-level tasks, nests deeper ones as subtasks, and writes dependencies as Task Master does", () => {
    const doc = JSON.parse(exportTaskmaster(graph).content);
    const [api, ui] = doc.master.tasks;
    expect(api).toMatchObject({ id: 1, description: "Server.", details: "tRPC", priority: "high", status: "pending" });
    expect(
      api.subtasks.map((sub: { id: number; title: string; status: string; dependencies: unknown[] }) => [
        sub.id,
        sub.title,
        sub.status,
        sub.dependencies,
      ]),
    ).toEqual([
      [1, "Schema", "done", []],
      [2, "Deep", "pending", [1]],
    ]);
    expect(api.subtasks[0].testStrategy).toBe("- tables");
    expect(ui).toMatchObject({ id: 2, dependencies: ["1.2", 1] });
  });
});
