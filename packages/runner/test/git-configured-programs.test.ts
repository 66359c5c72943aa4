import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { commitLeftovers } from "../src/commit-work";
import { addWorktree } from "../src/worktree";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `maestro-${prefix}-`));
  dirs.push(dir);
  return dir;
}

function git(cwd: string, args: string[]): string {
  const env = { PATH: process.env.PATH, HOME: cwd, GIT_CONFIG_NOSYSTEM: "1" };
  return execFileSync("git", ["-c", "core.hooksPath=/dev/null", ...args], { cwd, env, encoding: "utf8" }).trim();
}

/** A repository whose .gitattributes sends every .txt through filter `evil`, then the config that arms it. */
function armedRepository(): { repo: string; markers: string } {
  const repo = tempDir("repo");
  git(repo, ["init", "-q", "-b", "main"]);
  git(repo, ["config", "user.name", "Person"]);
  git(repo, ["config", "user.email", "person@example.com"]);
  writeFileSync(join(repo, ".gitattributes"), "*.txt filter=evil\n");
  writeFileSync(join(repo, "a.txt"), "a\n");
  git(repo, ["add", "-A"]);
  git(repo, ["commit", "-q", "-m", "start"]);
  const markers = tempDir("markers");
  git(repo, ["config", "filter.evil.smudge", `touch '${join(markers, "smudge")}'; cat`]);
  git(repo, ["config", "filter.evil.clean", `touch '${join(markers, "clean")}'; cat`]);
  git(repo, ["config", "filter.evil.required", "true"]);
  return { repo, markers };
}

describe("the runner's git in a repository whose config names filters", () => {
  it("checks out a worktree and commits an agent's work without running them; the content is right", async () => {
    const { repo, markers } = armedRepository();
    const worktree = await addWorktree({
      rootDir: repo,
      home: tempDir("home"),
      sessionId: "s1",
      branch: "maestro/T-1-1",
      targetBranch: "main",
    });
    expect(readFileSync(join(worktree.path, "a.txt"), "utf8")).toBe("a\n");
    writeFileSync(join(worktree.path, "b.txt"), "b\n");
    const { isCommitted, head } = await commitLeftovers(worktree.path, "work");
    expect(isCommitted).toBe(true);
    expect(git(repo, ["show", `${head}:b.txt`])).toBe("b");
    expect(readdirSync(markers)).toEqual([]);
  });
});
