import { describe, expect, it } from "vitest";
import {
  followStored,
  isDirty,
  loadStored,
  markSaved,
  newerVersion,
  rebaseOnto,
  startDraft,
} from "./spec-editor-state";

describe("phase editor draft", () => {
  const v1 = { version: 1, text: "one\n" };
  const v2 = { version: 2, text: "two\n" };

  it("follows a newer stored version while the draft is unedited", () => {
    const draft = followStored(startDraft(v1), v2);
    expect(draft).toMatchObject({ text: "two\n", baseVersion: 2 });
    expect(newerVersion(draft, v2)).toBeNull();
  });

  it("never replaces an edited draft, and says a newer version exists", () => {
    const edited = { ...startDraft(v1), text: "mine\n" };
    const after = followStored(edited, v2);
    expect(after).toBe(edited);
    expect(isDirty(after)).toBe(true);
    expect(newerVersion(after, v2)).toBe(2);
  });

  it("ignores an older copy arriving late (a refetch still in flight)", () => {
    const draft = startDraft(v2);
    expect(followStored(draft, v1)).toBe(draft);
  });

  it("loading the newer version sets the user's text aside instead of dropping it", () => {
    const loaded = loadStored({ ...startDraft(v1), text: "mine\n" }, v2);
    expect(loaded).toEqual({ text: "two\n", baseVersion: 2, baseText: "two\n", setAside: "mine\n" });
    expect(isDirty(loaded)).toBe(false);
  });

  it("keeping the user's text bases it on the newer version, still unsaved", () => {
    const kept = rebaseOnto({ ...startDraft(v1), text: "mine\n" }, v2);
    expect(kept).toMatchObject({ text: "mine\n", baseVersion: 2 });
    expect(isDirty(kept)).toBe(true);
    expect(newerVersion(kept, v2)).toBeNull();
  });

  it("after a save the saved text is the base; typing during the save stays unsaved", () => {
    const typing = { ...startDraft(v1), text: "saved and more\n" };
    const saved = markSaved(typing, { version: 2, text: "saved\n" });
    expect(saved.baseVersion).toBe(2);
    expect(isDirty(saved)).toBe(true);
    expect(isDirty(markSaved({ ...startDraft(v1), text: "x" }, { version: 2, text: "x" }))).toBe(false);
  });

  it("starts at version 0 for a phase without a document", () => {
    expect(startDraft({ version: 0, text: "" })).toEqual({ text: "", baseVersion: 0, baseText: "", setAside: null });
  });
});
