import { describe, expect, it } from "vitest";
import { makeTask } from "../../test/fixtures";
import { criticalPath } from "./critical-path";

function diamond() {
  const a = makeTask({ id: "a" });
  const b = makeTask({ id: "b", dependsOn: ["a"] });
  const c = makeTask({ id: "c", dependsOn: ["a"] });
  const d = makeTask({ id: "d", dependsOn: ["b", "c"] });
  return { a, b, c, d };
}

describe("criticalPath", () => {
  it("is empty without tasks, and one task alone is its own path", () => {
    expect(criticalPath([]).ids).toEqual([]);
    expect(criticalPath([makeTask({ id: "x" })]).ids).toEqual(["x"]);
  });

  it("takes the longest chain through a diamond, the earlier branch on a tie", () => {
    const { a, b, c, d } = diamond();
    const path = criticalPath([a, b, c, d]);
    expect(path.ids).toEqual(["a", "b", "d"]);
    expect([...path.edges]).toEqual(["a→b", "b→d"]);
  });

  it("prefers the longer branch whatever the list order", () => {
    const { a, b, c, d } = diamond();
    const c2 = makeTask({ id: "c2", dependsOn: ["c"] });
    const d2 = { ...d, dependsOn: ["b", "c2"] };
    expect(criticalPath([d2, c2, b, a, c]).ids).toEqual(["a", "c", "c2", "d"]);
  });

  it("leaves out done tasks, counting only the work left", () => {
    const { a, b, c, d } = diamond();
    const path = criticalPath([{ ...a, status: "done" }, { ...b, status: "done" }, c, d]);
    expect(path.ids).toEqual(["c", "d"]);
  });

  it("counts tasks that are not done in any other status (failed, in progress)", () => {
    const { a, b, c, d } = diamond();
    const path = criticalPath([{ ...a, status: "failed" }, { ...b, status: "in_progress" }, c, d]);
    expect(path.ids).toEqual(["a", "b", "d"]);
  });

  it("is empty when everything is done", () => {
    const { a, b } = diamond();
    expect(
      criticalPath([
        { ...a, status: "done" },
        { ...b, status: "done" },
      ]).ids,
    ).toEqual([]);
  });

  it("ignores dependencies on tasks not in the list, and skips a cycle instead of looping", () => {
    const lone = makeTask({ id: "lone", dependsOn: ["elsewhere"] });
    const x = makeTask({ id: "x", dependsOn: ["y"] });
    const y = makeTask({ id: "y", dependsOn: ["x"] });
    expect(criticalPath([x, y, lone]).ids).toEqual(["lone"]);
  });

  it("handles a long chain without recursion", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) =>
      makeTask({ id: `n${i}`, dependsOn: i === 0 ? [] : [`n${i - 1}`] }),
    );
    expect(criticalPath(chain).ids).toHaveLength(20_000);
  });
});
