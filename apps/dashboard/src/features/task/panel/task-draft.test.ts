import { describe, expect, it } from "vitest";
import { makeTask } from "../../../test/fixtures";
import { draftChanges, toDraft } from "./task-draft";

describe("draftChanges", () => {
  const task = makeTask({ title: "Write docs", acceptanceCriteria: ["a"], dependsOn: ["x", "y"] });

  it("is empty for an untouched draft", () => {
    expect(draftChanges(task, toDraft(task))).toEqual({});
  });

  it("lists only changed fields", () => {
    const draft = { ...toDraft(task), title: "Write the docs", status: "in_progress" as const };
    expect(draftChanges(task, draft)).toEqual({ title: "Write the docs", status: "in_progress" });
  });

  it("drops blank criteria and ignores dependency order", () => {
    const draft = { ...toDraft(task), acceptanceCriteria: ["a", "  "], dependsOn: ["y", "x"] };
    expect(draftChanges(task, draft)).toEqual({});
    const added = { ...toDraft(task), acceptanceCriteria: [" a ", "b"], dependsOn: ["x"] };
    expect(draftChanges(task, added)).toEqual({ acceptanceCriteria: ["a", "b"], dependsOn: ["x"] });
  });

  it("sends null to make a subtask top-level", () => {
    const subtask = makeTask({ parentId: "p" });
    expect(draftChanges(subtask, { ...toDraft(subtask), parentId: null })).toEqual({ parentId: null });
  });
});
