import { describe, expect, it } from "vitest";
import { cutAtLineEnd, parseNameStatus, parseNumstat, toDiffFiles } from "../src/index";

// What `git diff -z -M --name-status` and `--numstat` print for: a modification, an addition, a
// rename (with a change), a copy, a deletion and a binary file.
const NAME_STATUS = "M\0a.ts\0A\0new.ts\0R087\0old/b.ts\0new/b.ts\0C100\0c.ts\0c-copy.ts\0D\0gone.ts\0M\0logo.png\0";
const NUMSTAT =
  "3\t1\ta.ts\x005\t0\tnew.ts\x002\t2\t\0old/b.ts\0new/b.ts\x000\t0\t\0c.ts\0c-copy.ts\x000\t4\tgone.ts\0-\t-\tlogo.png\0";

describe("git's diff listings", () => {
  it("reads each file's status, following renames and copies to their new path", () => {
    expect(parseNameStatus(NAME_STATUS)).toEqual([
      { status: "modified", oldPath: null, path: "a.ts" },
      { status: "added", oldPath: null, path: "new.ts" },
      { status: "renamed", oldPath: "old/b.ts", path: "new/b.ts" },
      { status: "copied", oldPath: "c.ts", path: "c-copy.ts" },
      { status: "deleted", oldPath: null, path: "gone.ts" },
      { status: "modified", oldPath: null, path: "logo.png" },
    ]);
    expect(parseNameStatus("")).toEqual([]);
  });

  it("reads the counts by new path, a binary file counting nothing", () => {
    const counts = parseNumstat(NUMSTAT);
    expect(counts.get("a.ts")).toEqual({ additions: 3, deletions: 1, isBinary: false });
    expect(counts.get("new/b.ts")).toEqual({ additions: 2, deletions: 2, isBinary: false });
    expect(counts.has("old/b.ts")).toBe(false);
    expect(counts.get("logo.png")).toEqual({ additions: 0, deletions: 0, isBinary: true });
    expect(counts.size).toBe(6);
  });

  it("joins both into the files, cut at a limit", () => {
    const files = toDiffFiles({ nameStatus: NAME_STATUS, numstat: NUMSTAT });
    expect(files).toHaveLength(6);
    expect(files[2]).toEqual({
      status: "renamed",
      oldPath: "old/b.ts",
      path: "new/b.ts",
      additions: 2,
      deletions: 2,
      isBinary: false,
    });
    expect(toDiffFiles({ nameStatus: NAME_STATUS, numstat: "" }, 2)).toEqual([
      { status: "modified", oldPath: null, path: "a.ts", additions: 0, deletions: 0, isBinary: false },
      { status: "added", oldPath: null, path: "new.ts", additions: 0, deletions: 0, isBinary: false },
    ]);
  });
});

describe("a patch cut at a line end", () => {
  it("counts bytes, not characters, and never splits one", () => {
    const text = "ééé\nüüü\n";
    expect(cutAtLineEnd(text, 11)).toEqual({ patch: "ééé\n", isTruncated: true });
    expect(cutAtLineEnd(text, 14)).toEqual({ patch: text, isTruncated: false });
  });

  it("keeps nothing when the first line alone is too long", () => {
    expect(cutAtLineEnd("abcdef\n", 3)).toEqual({ patch: "", isTruncated: true });
  });
});
