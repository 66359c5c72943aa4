import { describe, expect, it } from "vitest";
import { withCount } from "./title-count";

describe("withCount", () => {
  it("puts the count in front of the page's own title, replacing an older count, and none at zero", () => {
    expect(withCount("Maestro", 3)).toBe("(3) Maestro");
    expect(withCount("(3) Projects · Maestro", 12)).toBe("(12) Projects · Maestro");
    expect(withCount("(12) Projects · Maestro", 0)).toBe("Projects · Maestro");
    expect(withCount("(draft) notes · Maestro", 0)).toBe("(draft) notes · Maestro");
  });
});
