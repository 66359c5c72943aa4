import { describe, expect, it } from "vitest";
import { type Task, exportMaestroJson, exportTaskmaster, parserOf } from "../src/index";

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

describe("taskmaster export", () => {
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
