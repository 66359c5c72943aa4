import { describe, expect, it } from "vitest";
import { makeTask } from "../../test/fixtures";
import { blockersOf, descendantIds, flattenTree, indexTasks, keyNumber } from "./task-index";

describe("indexTasks", () => {
  const parent = makeTask({ id: "a" });
  const child = makeTask({ id: "b", parentId: "a", status: "done" });
  const grandchild = makeTask({ id: "c", parentId: "b", dependsOn: ["d"] });
  const other = makeTask({ id: "d", status: "in_progress" });
  const index = indexTasks([parent, child, grandchild, other]);

  it("groups children under their parent and top-level tasks under null", () => {
    expect(index.children.get(null)?.map((task) => task.id)).toEqual(["a", "d"]);
    expect(index.children.get("a")?.map((task) => task.id)).toEqual(["b"]);
  });

  it("computes readiness and blockers", () => {
    expect([...index.readyIds]).toEqual(["a"]);
    expect(blockersOf(grandchild, index).map((task) => task.id)).toEqual(["d"]);
  });

  it("finds every descendant", () => {
    expect([...descendantIds(index, "a")].sort()).toEqual(["b", "c"]);
  });

  it("flattens the tree depth-first and skips collapsed subtrees", () => {
    expect(flattenTree(index, new Set()).map((row) => [row.task.id, row.depth])).toEqual([
      ["a", 0],
      ["b", 1],
      ["c", 2],
      ["d", 0],
    ]);
    expect(flattenTree(index, new Set(["b"])).map((row) => row.task.id)).toEqual(["a", "b", "d"]);
  });

  it("shows a task whose parent is missing at the top level", () => {
    const orphan = makeTask({ id: "x", parentId: "gone" });
    expect(
      indexTasks([orphan])
        .children.get(null)
        ?.map((task) => task.id),
    ).toEqual(["x"]);
  });
});

describe("keyNumber", () => {
  it("reads the number of a task key", () => {
    expect(keyNumber("WEB-12")).toBe(12);
    expect(keyNumber("A1-3")).toBe(3);
  });
});
