import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { landBranch, type LandRequest } from "../src/services/landing/land-branch";
import { git, makeRepo, removeTempDirs, tempDir, workInWorktree, writeFiles } from "./lander-world";

afterEach(removeTempDirs);

function request(repo: string, work: { branch: string; head: string }, extra: Partial<LandRequest> = {}): LandRequest {
  return {
    repo,
    target: "main",
    strategy: "merge",
    task: { key: "LAND-1", title: "Add a.txt" },
    branch: work.branch,
    head: work.head,
    recordIntent: () => {},
    ...extra,
  };
}

describe("landBranch", () => {
  it("merges with parents target tip and head, names the task and branch, and brings the checkout along", async () => {
    const repo = makeRepo();
    const before = git(repo, ["rev-parse", "main"]);
    const work = workInWorktree(repo, "maestro/LAND-1-1", { "a.txt": "a\n" });
    const intents: string[] = [];
    const result = await landBranch(request(repo, work, { recordIntent: (commit) => void intents.push(commit) }));
    expect(result.kind).toBe("landed");
    const tip = git(repo, ["rev-parse", "main"]);
    expect(result).toEqual({ kind: "landed", commit: tip });
    expect(intents).toEqual([tip]);
    expect(git(repo, ["rev-list", "--parents", "-n1", tip]).split(" ").slice(1)).toEqual([before, work.head]);
    const message = git(repo, ["log", "-1", "--format=%B", tip]);
    expect(message).toContain("LAND-1: Add a.txt");
    expect(message).toContain("maestro/LAND-1-1");
    expect(readFileSync(join(repo, "a.txt"), "utf8")).toBe("a\n");
    expect(git(repo, ["status", "--porcelain"])).toBe("");
  });

  it("squashes into one commit whose only parent is the target tip", async () => {
    const repo = makeRepo();
    const before = git(repo, ["rev-parse", "main"]);
    const work = workInWorktree(repo, "maestro/LAND-1-1", { "a.txt": "a\n", "dir/b.txt": "b\n" });
    const result = await landBranch(request(repo, work, { strategy: "squash" }));
    const tip = git(repo, ["rev-parse", "main"]);
    expect(result).toEqual({ kind: "landed", commit: tip });
    expect(git(repo, ["rev-list", "--parents", "-n1", tip]).split(" ").slice(1)).toEqual([before]);
    expect(git(repo, ["rev-parse", `${tip}^{tree}`])).toBe(git(repo, ["rev-parse", `${work.head}^{tree}`]));
    // Landing the same head again adds nothing.
    expect(await landBranch(request(repo, work, { strategy: "squash" }))).toEqual({ kind: "landed", commit: tip });
  });

  it("reports the conflicting files and leaves the target alone", async () => {
    const repo = makeRepo();
    const first = workInWorktree(repo, "maestro/LAND-1-1", { "README.md": "one\n" });
    const second = workInWorktree(repo, "maestro/LAND-2-1", { "README.md": "two\n" });
    expect((await landBranch(request(repo, first))).kind).toBe("landed");
    const tip = git(repo, ["rev-parse", "main"]);
    expect(await landBranch(request(repo, second))).toEqual({ kind: "conflict", files: ["README.md"] });
    expect(git(repo, ["rev-parse", "main"])).toBe(tip);
    expect(readFileSync(join(repo, "README.md"), "utf8")).toBe("one\n");
  });

  it("loses no commit when the target moves between the merge and the swap: it merges again on the new tip", async () => {
    const repo = makeRepo();
    const work = workInWorktree(repo, "maestro/LAND-1-1", { "a.txt": "a\n" });
    let isRaced = false;
    const result = await landBranch(
      request(repo, work, {
        recordIntent: () => {
          if (isRaced) return;
          isRaced = true;
          // Someone commits on main in the project directory right before the swap.
          writeFileSync(join(repo, "person.txt"), "mine\n");
          git(repo, ["add", "person.txt"]);
          git(repo, ["commit", "-q", "-m", "person's commit"]);
        },
      }),
    );
    expect(result.kind).toBe("landed");
    const log = git(repo, ["log", "--format=%s", "main"]);
    expect(log).toContain("person's commit");
    expect(log).toContain("LAND-1: Add a.txt");
    expect(git(repo, ["merge-base", "--is-ancestor", work.head, "main"])).toBe("");
    expect(readFileSync(join(repo, "person.txt"), "utf8")).toBe("mine\n");
    expect(readFileSync(join(repo, "a.txt"), "utf8")).toBe("a\n");
  });

  it("waits, naming the file, rather than overwrite an untracked (or ignored) file in the checkout", async () => {
    const repo = makeRepo();
    const work = workInWorktree(repo, "maestro/LAND-1-1", { "new.txt": "from the agent\n", ".env": "AGENT=1\n" });
    writeFiles(repo, { "new.txt": "the person's draft\n", ".env": "SECRET=1\n", ".gitignore": ".env\n" });
    const tip = git(repo, ["rev-parse", "main"]);
    const result = await landBranch(request(repo, work));
    expect(result.kind).toBe("waiting");
    expect(result.kind === "waiting" && result.note).toMatch(/untracked files in .* would be overwritten: .*new\.txt/);
    expect(result.kind === "waiting" && result.note).toMatch(/\.env/);
    expect(git(repo, ["rev-parse", "main"])).toBe(tip);
    expect(readFileSync(join(repo, "new.txt"), "utf8")).toBe("the person's draft\n");
    expect(readFileSync(join(repo, ".env"), "utf8")).toBe("SECRET=1\n");
  });

  it("puts the target back when git refuses to move the checkout (an untracked file where a folder goes)", async () => {
    const repo = makeRepo();
    const work = workInWorktree(repo, "maestro/LAND-1-1", { "docs/guide.md": "guide\n" });
    writeFiles(repo, { docs: "the person's file named docs\n" });
    const tip = git(repo, ["rev-parse", "main"]);
    const intents: string[] = [];
    const result = await landBranch(request(repo, work, { recordIntent: (commit) => void intents.push(commit) }));
    expect(result).toEqual({ kind: "waiting", note: `files in ${repo} would be overwritten: docs` });
    expect(intents).toHaveLength(1);
    expect(git(repo, ["rev-parse", "main"])).toBe(tip);
    expect(readFileSync(join(repo, "docs"), "utf8")).toBe("the person's file named docs\n");
    expect(git(repo, ["status", "--porcelain", "--untracked-files=no"])).toBe("");
  });

  it("waits while tracked files in the checkout have uncommitted changes, and moves nothing", async () => {
    const repo = makeRepo();
    const work = workInWorktree(repo, "maestro/LAND-1-1", { "a.txt": "a\n" });
    writeFiles(repo, { "README.md": "edited, not committed\n" });
    const result = await landBranch(request(repo, work));
    expect(result).toEqual({ kind: "waiting", note: `uncommitted changes in ${repo}: README.md` });
    expect(existsSync(join(repo, "a.txt"))).toBe(false);
    expect(readFileSync(join(repo, "README.md"), "utf8")).toBe("edited, not committed\n");
  });

  it("commits as Maestro only where git has no identity configured", async () => {
    const previousHome = process.env.HOME;
    process.env.HOME = tempDir("home");
    try {
      const repo = makeRepo();
      const work = workInWorktree(repo, "maestro/LAND-1-1", { "a.txt": "a\n" });
      await landBranch(request(repo, work));
      expect(git(repo, ["log", "-1", "--format=%cn <%ce>", "main"])).toBe("Person <person@example.com>");
      git(repo, ["config", "--unset", "user.name"]);
      git(repo, ["config", "--unset", "user.email"]);
      const other = workInWorktree(repo, "maestro/LAND-2-1", { "b.txt": "b\n" });
      await landBranch(request(repo, other, { task: { key: "LAND-2", title: "b" } }));
      expect(git(repo, ["log", "-1", "--format=%cn <%ce>", "main"])).toBe("Maestro <maestro@localhost>");
    } finally {
      process.env.HOME = previousHome;
    }
  });

  it("updates a bare target (no checkout) by the ref alone", async () => {
    const repo = makeRepo();
    const work = workInWorktree(repo, "maestro/LAND-1-1", { "a.txt": "a\n" });
    git(repo, ["checkout", "-q", "--detach"]);
    const result = await landBranch(request(repo, work));
    expect(result.kind).toBe("landed");
    expect(git(repo, ["show", "main:a.txt"])).toBe("a");
    expect(existsSync(join(repo, "a.txt"))).toBe(false);
  });
});
