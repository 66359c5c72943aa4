import type { DiffFile } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { describeFile, displayPath, initiallyOpen, summarizeDiff } from "./diff-labels";

function file(path: string, overrides: Partial<DiffFile> = {}): DiffFile {
  return { path, oldPath: null, status: "modified", additions: 2, deletions: 1, isBinary: false, ...overrides };
}

describe("diff labels", () => {
  it("shows a rename as old → new and a binary file as not shown", () => {
    const renamed = file("src/new.ts", { oldPath: "src/old.ts", status: "renamed", additions: 0, deletions: 0 });
    expect(displayPath(renamed)).toBe("src/old.ts → src/new.ts");
    expect(describeFile(renamed)).toBe("src/old.ts → src/new.ts, renamed, 0 additions, 0 deletions");
    expect(describeFile(file("logo.png", { status: "added", isBinary: true }))).toBe(
      "logo.png, added, binary file, not shown",
    );
  });

  it("sums the diff", () => {
    expect(summarizeDiff([file("a"), file("b", { additions: 1, deletions: 0 })])).toBe(
      "2 files changed, 3 additions, 1 deletion",
    );
  });

  it("opens a small diff whole and a large one as headers only", () => {
    expect([...initiallyOpen([file("a"), file("b.png", { isBinary: true })])]).toEqual(["a"]);
    const many = Array.from({ length: 1_000 }, (_, at) => file(`f${at}.ts`));
    expect(initiallyOpen(many).size).toBe(0);
  });
});
