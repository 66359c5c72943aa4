import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { diffFiles, diffPatch } from "../src/services/landing/git-diff";
import { type LandRequest, landBranch } from "../src/services/landing/land-branch";
import { git, makeRepo, removeTempDirs, tempDir, workInWorktree, writeFiles } from "./lander-world";

afterEach(removeTempDirs);

// An agent without a sandbox can write .git/config and .gitattributes. Every program the config
// below names would leave a marker file; the server's own git calls must run none of them.
function armRepository(repo: string): string {
  const markers = tempDir("markers");
  const program = (name: string, then: string) => `touch '${join(markers, name)}'; ${then}`;
  const settings: Array<[string, string]> = [
    ["filter.evil.smudge", program("smudge", "cat")],
    ["filter.evil.clean", program("clean", "cat")],
    ["filter.evil.process", program("process", "false")],
    ["merge.evil.driver", program("merge-driver", "false")],
    ["diff.evil.textconv", program("textconv", "cat")],
    ["diff.evil.command", program("diff-command", "true")],
    ["diff.external", program("diff-external", "true")],
    ["commit.gpgSign", "true"],
    ["gpg.program", program("gpg", "false")],
  ];
  for (const [key, value] of settings) git(repo, ["config", key, value]);
  return markers;
}

function withAttributes(): string {
  const repo = makeRepo();
  writeFiles(repo, { ".gitattributes": "*.txt filter=evil merge=evil diff=evil\n", "c.txt": "c\n" });
  git(repo, ["add", "-A"]);
  git(repo, ["commit", "-q", "-m", "attributes"]);
  return repo;
}

function request(repo: string, work: { branch: string; head: string }): LandRequest {
  return {
    repo,
    target: "main",
    strategy: "merge",
    task: { key: "LAND-1", title: "work" },
    branch: work.branch,
    head: work.head,
    recordIntent: () => {},
  };
}

describe("programs a repository's config names", () => {
  it("never run when the server lands: no smudge on the checkout, no signing program; the files are right", async () => {
    const repo = withAttributes();
    const work = workInWorktree(repo, "maestro/LAND-1-1", { "b.txt": "b\n" });
    writeFiles(repo, { "README.md": "hello again\n" });
    git(repo, ["commit", "-q", "-am", "meanwhile"]);
    const markers = armRepository(repo);

    const result = await landBranch(request(repo, work));
    expect(result.kind).toBe("landed");
    expect(readdirSync(markers)).toEqual([]);
    expect(readFileSync(join(repo, "b.txt"), "utf8")).toBe("b\n");
  });

  it("never run a merge driver: the file conflicts instead, for a person to merge", async () => {
    const repo = withAttributes();
    const work = workInWorktree(repo, "maestro/LAND-1-1", { "c.txt": "theirs\n" });
    writeFiles(repo, { "c.txt": "ours\n" });
    git(repo, ["commit", "-q", "-am", "ours"]);
    const markers = armRepository(repo);

    const result = await landBranch(request(repo, work));
    expect(result).toMatchObject({ kind: "conflict" });
    expect(readdirSync(markers)).toEqual([]);
  });

  it("never run a textconv, external diff or filter when the server diffs a branch", async () => {
    const repo = withAttributes();
    const work = workInWorktree(repo, "maestro/LAND-1-1", { "c.txt": "changed\n" });
    const markers = armRepository(repo);
    const files = await diffFiles(repo, work.base, work.head);
    expect(files.map((file) => file.path)).toEqual(["c.txt"]);
    const patch = await diffPatch(repo, work.base, work.head);
    expect(JSON.stringify(patch)).toContain("+changed");
    expect(readdirSync(markers)).toEqual([]);
    expect(existsSync(join(markers, "textconv"))).toBe(false);
  });
});
