import { describe, expect, it } from "vitest";
import { splitPatch, unquoteGitPath } from "./split-patch";

const PATCH = [
  "diff --git a/a.txt b/a.txt",
  "index de98044..a7bc997 100644",
  "--- a/a.txt",
  "+++ b/a.txt",
  "@@ -1,3 +1,4 @@",
  " a",
  "-b",
  "+++ b/not-a-header",
  " c",
  "diff --git a/bin.dat b/bin.dat",
  "new file mode 100644",
  "index 0000000..bdc955b",
  "Binary files /dev/null and b/bin.dat differ",
  "diff --git a/old.txt b/new.txt",
  "similarity index 100%",
  "rename from old.txt",
  "rename to new.txt",
  "diff --git a/gone.txt b/gone.txt",
  "deleted file mode 100644",
  "--- a/gone.txt",
  "+++ /dev/null",
  "@@ -1 +0,0 @@",
  "-x",
  'diff --git "a/tab\\there.txt" "b/tab\\there.txt"',
  "new file mode 100644",
  'Binary files /dev/null and "b/tab\\there.txt" differ',
  "",
].join("\n");

describe("splitPatch", () => {
  const sections = splitPatch(PATCH);

  it("keys each file's section by the path task.diff lists it under", () => {
    expect([...sections.keys()]).toEqual(["a.txt", "bin.dat", "new.txt", "gone.txt", "tab\there.txt"]);
  });

  it("keeps a section whole, hunk lines that look like headers included", () => {
    expect(sections.get("a.txt")).toContain("+++ b/not-a-header\n c\n");
    expect(sections.get("a.txt")).not.toContain("bin.dat");
    expect(sections.get("gone.txt")).toMatch(/^diff --git a\/gone.txt b\/gone.txt\n[\s\S]*-x\n$/);
  });

  it("gives nothing for an empty diff", () => {
    expect(splitPatch("").size).toBe(0);
  });
});

describe("unquoteGitPath", () => {
  it("reads git's C-style quoting, octal bytes as UTF-8", () => {
    expect(unquoteGitPath('"caf\\303\\251 \\"x\\".txt"')).toBe('café "x".txt');
    expect(unquoteGitPath("plain.txt")).toBe("plain.txt");
  });
});
