import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ProjectSettings } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import {
  finishInWorktree,
  git,
  makeLanderPool,
  makeRepo,
  startLandingProject,
  waitFor,
  waitForCleanup,
  workInWorktree,
  writeFiles,
} from "./lander-world";

const pool = makeLanderPool();

async function landingWorld(settings: Partial<ProjectSettings> = {}) {
  const repo = makeRepo();
  const { server, client, project } = await startLandingProject(pool, {
    repo,
    name: "Land",
    settings: { landPolicy: "auto", ...settings },
  });
  const newTask = (title: string) => client.task.create.mutate({ projectId: project.id, title });
  const byId = (id: string) => client.task.byId.query({ id });
  return { repo, server, client, project, newTask, byId };
}

describe("the lander", () => {
  it("lands a queued task: the target holds its work, the task is done, its worktree and branch are gone", async () => {
    const { repo, server, newTask, byId, project } = await landingWorld();
    expect(project.settings.targetBranch).toBe("main");
    writeFiles(repo, { "notes.txt": "a person's untracked notes\n" });
    const task = await newTask("Add a.txt");
    const work = workInWorktree(repo, "maestro/LAND-1-1", { "a.txt": "a\n" });
    await finishInWorktree(server, task, work);
    const done = await waitFor(
      () => byId(task.id),
      (t) => t.status === "done",
    );
    expect(done.landing).toMatchObject({ landState: "landed", landingCommit: null, note: null });
    expect(done.landing.landedCommit).toBe(git(repo, ["rev-parse", "main"]));
    expect(done.landing.landedAt).not.toBeNull();
    expect(readFileSync(join(repo, "a.txt"), "utf8")).toBe("a\n");
    expect(readFileSync(join(repo, "notes.txt"), "utf8")).toBe("a person's untracked notes\n");
    await waitForCleanup(repo, work.path);
  });

  it("shows a conflict with its files, and task land says so", async () => {
    const { repo, server, client, newTask, byId } = await landingWorld();
    const first = await newTask("one");
    const second = await newTask("two");
    const workOne = workInWorktree(repo, "maestro/LAND-1-1", { "README.md": "one\n" });
    const workTwo = workInWorktree(repo, "maestro/LAND-2-1", { "README.md": "two\n" });
    await finishInWorktree(server, first, workOne);
    await waitFor(
      () => byId(first.id),
      (t) => t.landing.landState === "landed",
    );
    await finishInWorktree(server, second, workTwo);
    const conflicted = await waitFor(
      () => byId(second.id),
      (t) => t.landing.landState === "conflict",
    );
    expect(conflicted.landing.conflictFiles).toEqual(["README.md"]);
    expect(conflicted.status).toBe("in_review");
    await expect(client.task.land.mutate({ id: second.id })).rejects.toThrow(/conflicts .* in README\.md/);
    expect(existsSync(workTwo.path)).toBe(true);
    expect(readFileSync(join(repo, "README.md"), "utf8")).toBe("one\n");
  });

  it("waits on a dirty checkout naming the file, lands once the person commits, and loses nothing of theirs", async () => {
    const { repo, server, client, newTask, byId } = await landingWorld();
    const task = await newTask("Add a.txt");
    const work = workInWorktree(repo, "maestro/LAND-1-1", { "a.txt": "a\n" });
    writeFiles(repo, { "README.md": "hello\nthe person's edit\n" });
    await finishInWorktree(server, task, work);
    const waiting = await waitFor(
      () => byId(task.id),
      (t) => t.landing.landState === "waiting",
    );
    expect(waiting.landing.note).toBe(`uncommitted changes in ${repo}: README.md`);
    await expect(client.task.land.mutate({ id: task.id })).rejects.toThrow(
      /cannot land yet: uncommitted changes in .*: README\.md/,
    );
    expect(readFileSync(join(repo, "README.md"), "utf8")).toBe("hello\nthe person's edit\n");
    expect(existsSync(join(repo, "a.txt"))).toBe(false);
    git(repo, ["commit", "-q", "-am", "the person's edit"]);
    const done = await waitFor(
      () => byId(task.id),
      (t) => t.status === "done",
    );
    expect(done.landing.landState).toBe("landed");
    expect(readFileSync(join(repo, "README.md"), "utf8")).toBe("hello\nthe person's edit\n");
    expect(readFileSync(join(repo, "a.txt"), "utf8")).toBe("a\n");
    expect(git(repo, ["log", "--format=%s", "main"])).toContain("the person's edit");
    expect(git(repo, ["status", "--porcelain"])).toBe("");
  });

  it("task land lands at once under the manual policy once approved, and says why not before", async () => {
    const { repo, server, client, newTask, byId } = await landingWorld({ landPolicy: "manual" });
    const noBranch = await newTask("never ran");
    await expect(client.task.land.mutate({ id: noBranch.id })).rejects.toThrow(/has no branch to land/);
    const task = await newTask("Add a.txt");
    const work = workInWorktree(repo, "maestro/LAND-2-1", { "a.txt": "a\n" });
    await finishInWorktree(server, task, work, { reviewState: "pending" });
    await expect(client.task.land.mutate({ id: task.id })).rejects.toThrow(/is not approved \(review: pending\)/);
    await finishInWorktree(server, await byId(task.id), work, { reviewState: "approved", checksState: "failed" });
    await expect(client.task.land.mutate({ id: task.id })).rejects.toThrow(/checks failed/);
    await finishInWorktree(server, await byId(task.id), work, { reviewState: "approved", checksState: "passed" });
    const landed = await client.task.land.mutate({ id: task.id });
    expect(landed).toMatchObject({ status: "done", landing: { landState: "landed" } });
    expect(git(repo, ["show", "main:a.txt"])).toBe("a");
    await expect(client.task.land.mutate({ id: task.id })).rejects.toThrow(/has already landed/);
  });

  it("lands two tasks queued together one after the other, each merged on the other's result", async () => {
    const { repo, server, newTask, byId } = await landingWorld({ landStrategy: "squash" });
    const tasks = [await newTask("a"), await newTask("b"), await newTask("c")];
    const works = ["a", "b", "c"].map((name, i) =>
      workInWorktree(repo, `maestro/LAND-${i + 1}-1`, { [`${name}.txt`]: name }),
    );
    for (const [i, task] of tasks.entries()) await finishInWorktree(server, task, works[i]!);
    for (const task of tasks) {
      await waitFor(
        () => byId(task.id),
        (t) => t.status === "done",
      );
    }
    expect(git(repo, ["ls-tree", "--name-only", "main"]).split("\n").sort()).toEqual([
      "README.md",
      "a.txt",
      "b.txt",
      "c.txt",
    ]);
    expect(git(repo, ["rev-list", "--count", "--merges", "main"])).toBe("0");
  });
});
