import { describe, expect, it } from "vitest";
import { makeTask } from "../../test/fixtures";
import { buildLayoutInput, edgePath, layoutGraph, layoutKey, parseLayoutKey, readingOrder } from "./graph-layout";

function diamond() {
  return [
    makeTask({ id: "a" }),
    makeTask({ id: "b", dependsOn: ["a"] }),
    makeTask({ id: "c", dependsOn: ["a"] }),
    makeTask({ id: "d", dependsOn: ["b", "c"] }),
  ];
}

describe("buildLayoutInput", () => {
  it("draws edges from dependency to dependent, only between listed tasks, once each", () => {
    const input = buildLayoutInput([makeTask({ id: "a" }), makeTask({ id: "b", dependsOn: ["a", "a", "gone", "b"] })]);
    expect(input).toEqual({ nodes: ["a", "b"], edges: [{ from: "a", to: "b" }] });
  });

  it("has a key that ignores statuses and titles but not the shape", () => {
    const tasks = diamond();
    const key = layoutKey(buildLayoutInput(tasks));
    const renamed = tasks.map((task) => ({ ...task, title: "x", status: "done" as const }));
    expect(layoutKey(buildLayoutInput(renamed))).toBe(key);
    const rewired = tasks.map((task) => (task.id === "d" ? { ...task, dependsOn: ["b"] } : task));
    expect(layoutKey(buildLayoutInput(rewired))).not.toBe(key);
  });

  it("has a key that reads back as the same input", () => {
    const input = buildLayoutInput(diamond());
    expect(parseLayoutKey(layoutKey(input))).toEqual(input);
    const empty = { nodes: [], edges: [] };
    expect(parseLayoutKey(layoutKey(empty))).toEqual(empty);
  });
});

describe("layoutGraph", () => {
  it("puts dependencies left of their dependents, without overlapping nodes", () => {
    const layout = layoutGraph(buildLayoutInput(diamond()));
    const at = (id: string) => layout.nodes.get(id)!;
    expect(at("a").x).toBeLessThan(at("b").x);
    expect(at("b").x).toBe(at("c").x);
    expect(at("b").y).not.toBe(at("c").y);
    expect(at("c").x).toBeLessThan(at("d").x);
    expect(layout.edges.map((edge) => edge.id)).toEqual(["a→b", "a→c", "b→d", "c→d"]);
    for (const edge of layout.edges) expect(edge.points.length).toBeGreaterThan(1);
    expect(layout.width).toBeGreaterThan(at("d").x);
    expect(readingOrder(layout)).toEqual(at("b").y < at("c").y ? ["a", "b", "c", "d"] : ["a", "c", "b", "d"]);
  });

  it("lays out an empty graph", () => {
    expect(layoutGraph({ nodes: [], edges: [] })).toMatchObject({ width: 0, height: 0, edges: [] });
  });
});

describe("edgePath", () => {
  it("starts at the first point and ends at the last", () => {
    expect(edgePath([])).toBe("");
    expect(
      edgePath([
        { x: 0, y: 0 },
        { x: 10, y: 0 },
      ]),
    ).toBe("M0,0 L10,0");
    expect(
      edgePath([
        { x: 0, y: 0 },
        { x: 5, y: 5 },
        { x: 10, y: 0 },
      ]),
    ).toBe("M0,0 Q5,5 7.5,2.5 L10,0");
  });
});
