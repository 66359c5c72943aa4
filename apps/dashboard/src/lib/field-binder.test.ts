import { describe, expect, it } from "vitest";
import { fieldBinder } from "./field-binder";

describe("fieldBinder", () => {
  it("names the control after its key, reads its value and patches only that key", () => {
    const patches: unknown[] = [];
    const bind = fieldBinder({ title: "Old", priority: "low" }, (patch) => patches.push(patch));
    const title = bind("title");
    expect(title).toMatchObject({ name: "title", value: "Old" });
    title.onChange("New");
    expect(patches).toEqual([{ title: "New" }]);
  });
});
