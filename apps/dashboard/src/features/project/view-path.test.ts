import { describe, expect, it } from "vitest";
import { viewPath } from "./view-path";

describe("viewPath", () => {
  it("sends ?view= to the view's path, keeping the other parameters", () => {
    expect(viewPath("WEB", "?view=graph")).toBe("/projects/WEB/graph");
    expect(viewPath("WEB", "?view=list&task=WEB-3")).toBe("/projects/WEB/list?task=WEB-3");
  });

  it("leaves other URLs alone", () => {
    expect(viewPath("WEB", "")).toBeNull();
    expect(viewPath("WEB", "?task=WEB-3")).toBeNull();
    expect(viewPath("WEB", "?view=nonsense")).toBeNull();
  });
});
