import { describe, expect, it } from "vitest";
import {
  DomainError,
  cycleIfDepends,
  findCycle,
  pendingDependencies,
  readySet,
  topologicalLayers,
  topologicalOrder,
} from "../src/index";
import type { StatusNode } from "../src/index";

const node = (id: string, dependsOn: string[] = [], status: StatusNode["status"] = "todo"): StatusNode => ({
  id,
  dependsOn,
  status,
});

describe("findCycle", () => {
  it("returns null for a DAG", () => {
    expect(findCycle([node("a", ["b", "c"]), node("b", ["c"]), node("c")])).toBeNull();
  });

  it("returns the cycle with its first id repeated last", () => {
    const cycle = findCycle([node("a", ["b"]), node("b", ["c"]), node("c", ["a"]), node("d", ["a"])]);
    expect(cycle).not.toBeNull();
    expect(cycle![0]).toBe(cycle![cycle!.length - 1]);
    expect(new Set(cycle)).toEqual(new Set(["a", "b", "c"]));
  });

  it("finds a self-loop", () => {
    expect(findCycle([node("a", ["a"])])).toEqual(["a", "a"]);
  });

  it("ignores dependencies on unknown nodes", () => {
    expect(findCycle([node("a", ["ghost"])])).toBeNull();
  });
});

describe("cycleIfDepends", () => {
  it("names the cycle a new edge would close", () => {
    const nodes = [node("a", ["b"]), node("b", ["c"]), node("c")];
    expect(cycleIfDepends(nodes, "c", "a")).toEqual(["c", "a", "b", "c"]);
  });

  it("allows an edge that closes no cycle", () => {
    expect(cycleIfDepends([node("a", ["b"]), node("b"), node("c")], "c", "a")).toBeNull();
  });

  it("refuses depending on itself", () => {
    expect(cycleIfDepends([node("a")], "a", "a")).toEqual(["a", "a"]);
  });
});

describe("readySet", () => {
  it("is the todo tasks whose dependencies are all done", () => {
    const nodes = [
      node("a", [], "done"),
      node("b", ["a"]),
      node("c", ["a", "b"]),
      node("d", [], "in_progress"),
      node("e", ["missing"]),
    ];
    expect(readySet(nodes).map((n) => n.id)).toEqual(["b", "e"]);
  });

  it("lists what a task waits for", () => {
    const nodes = [node("a", [], "done"), node("b", [], "failed"), node("c", ["a", "b"])];
    expect(pendingDependencies(nodes[2]!, nodes).map((n) => n.id)).toEqual(["b"]);
  });
});

describe("topologicalLayers", () => {
  it("layers a diamond", () => {
    const layers = topologicalLayers([node("d", ["b", "c"]), node("b", ["a"]), node("c", ["a"]), node("a")]);
    expect(layers.map((layer) => [...layer].sort())).toEqual([["a"], ["b", "c"], ["d"]]);
  });

  it("throws DEPENDENCY_CYCLE on a cycle", () => {
    expect(() => topologicalLayers([node("a", ["b"]), node("b", ["a"])])).toThrowError(DomainError);
    try {
      topologicalLayers([node("a", ["b"]), node("b", ["a"])]);
    } catch (error) {
      expect((error as DomainError).code).toBe("DEPENDENCY_CYCLE");
      expect((error as DomainError).message).toMatch(/a → b → a|b → a → b/);
    }
  });
});

describe("topologicalOrder", () => {
  it("puts every node after its dependencies, ignoring unknown ones", () => {
    const order = topologicalOrder([node("d", ["b", "c"]), node("b", ["a", "ghost"]), node("c", ["a"]), node("a")]);
    expect(order).toHaveLength(4);
    for (const [id, deps] of [
      ["b", ["a"]],
      ["c", ["a"]],
      ["d", ["b", "c"]],
    ] as const) {
      for (const dep of deps) expect(order.indexOf(dep)).toBeLessThan(order.indexOf(id));
    }
  });

  it("leaves out a cycle and what waits for it instead of throwing", () => {
    expect(topologicalOrder([node("x", ["y"]), node("y", ["x"]), node("z", ["x"]), node("lone")])).toEqual(["lone"]);
  });
});

describe("a 10,000-task graph", () => {
  // Each task depends on up to three earlier ones: a realistic, wide and deep DAG.
  const size = 10_000;
  const nodes: StatusNode[] = Array.from({ length: size }, (_, i) => ({
    id: `t${i}`,
    status: i < 3_000 ? "done" : "todo",
    dependsOn: [i - 1, i - 7, Math.floor(i / 2)].filter((j) => j >= 0 && j < i).map((j) => `t${j}`),
  }));

  it("has no cycle and layers every task", () => {
    expect(findCycle(nodes)).toBeNull();
    const layers = topologicalLayers(nodes);
    expect(layers.flat()).toHaveLength(size);
  });

  it("computes the ready set", () => {
    expect(readySet(nodes).map((n) => n.id)).toEqual(["t3000"]);
  });

  it("detects a cycle closed across the whole chain", () => {
    const cycle = cycleIfDepends(nodes, "t0", "t9999");
    expect(cycle?.[0]).toBe("t0");
    expect(cycle?.[cycle.length - 1]).toBe("t0");
    expect(findCycle([...nodes.slice(1), { ...nodes[0]!, dependsOn: ["t9999"] }])).not.toBeNull();
  });
});
