import { describe, expect, it } from "vitest";
import { countedTitle } from "./title-count";

describe("countedTitle", () => {
  it("puts the count in front of the page's own title, replacing its older count, and none at zero", () => {
    const first = countedTitle("Maestro", 3, undefined);
    expect(first).toEqual({ bare: "Maestro", written: "(3) Maestro" });
    expect(countedTitle(first.written, 12, first).written).toBe("(12) Maestro");
    expect(countedTitle(first.written, 0, first).written).toBe("Maestro");
    expect(countedTitle("(draft) notes · Maestro", 0, undefined).written).toBe("(draft) notes · Maestro");
  });

  it("follows a new title the page renders (navigation) with the same count", () => {
    const shown = countedTitle("Projects · Maestro", 2, undefined);
    expect(countedTitle("Agents · Maestro", 2, shown)).toEqual({
      bare: "Agents · Maestro",
      written: "(2) Agents · Maestro",
    });
  });

  it("regression: a page title that itself starts with a number in brackets keeps it", () => {
    const own = "(2024) Rewrite · Maestro";
    expect(countedTitle(own, 0, undefined).written).toBe(own);
    const counted = countedTitle(own, 3, undefined);
    expect(counted.written).toBe("(3) (2024) Rewrite · Maestro");
    expect(countedTitle(counted.written, 0, counted).written).toBe(own);
  });
});
