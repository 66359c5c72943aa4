import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { diffFiles, diffPatch } from "../src/services/landing/git-diff";
import { git, makeRepo, removeTempDirs, tempDir, workInWorktree } from "./lander-world";

afterAll(removeTempDirs);

describe("a task's diff", () => {
  it("never runs a diff driver the repository configures (an agent can write its config)", async () => {
    const repo = makeRepo();
    const marker = join(tempDir("marker"), "textconv-ran");
    git(repo, ["config", "diff.evil.textconv", `sh -c 'touch ${marker}; cat "$0"'`]);
    git(repo, ["config", "diff.external", `sh -c 'touch ${marker}'`]);
    writeFileSync(join(repo, ".gitattributes"), "*.txt diff=evil\n");
    git(repo, ["add", ".gitattributes"]);
    git(repo, ["commit", "-q", "-m", "attributes"]);
    const work = workInWorktree(repo, "maestro/T-1-1", { "a.txt": "one\ntwo\n" });

    const files = await diffFiles(repo, work.base, work.head);
    const { patch } = await diffPatch(repo, work.base, work.head);

    expect(files).toEqual([
      { path: "a.txt", oldPath: null, status: "added", additions: 2, deletions: 0, isBinary: false },
    ]);
    expect(patch).toContain("+one\n+two\n");
    expect(existsSync(marker)).toBe(false);
  });
});
