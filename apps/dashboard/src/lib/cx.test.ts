import { describe, expect, it } from "vitest";
import { cx } from "./cx";

describe("cx", () => {
  it("joins the names that are set, in order", () => {
    expect(cx("button", false, "small", null, undefined, "")).toBe("button small");
    expect(cx()).toBe("");
  });
});
