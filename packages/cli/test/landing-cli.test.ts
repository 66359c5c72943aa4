import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMaestroClient } from "../src/client";
import { type LandingWorld, startLandingWorld } from "./landing-world";

let world: LandingWorld;

beforeAll(async () => {
  world = await startLandingWorld({ withRunner: false });
});
afterAll(() => world.close());

describe("a project's landing settings", () => {
  it("round-trip through create, update and show", async () => {
    const { json, maestro } = world;
    const created = await json<{ settings: Record<string, unknown> }>(
      ...["project", "create", "Land", "--dir", world.repo.dir, "--key", "LD", "--worktree", "per_task"],
      ...["--target-branch", "main", "--land", "manual", "--land-strategy", "squash"],
      ...["--check", "pnpm test", "--check", "pnpm lint", "--worktree-setup", "pnpm install", "--remote", "upstream"],
    );
    expect(created.settings).toMatchObject({
      worktreeMode: "per_task",
      targetBranch: "main",
      landPolicy: "manual",
      landStrategy: "squash",
      checks: ["pnpm test", "pnpm lint"],
      worktreeSetup: "pnpm install",
      remote: "upstream",
    });
    const shown = await maestro(["project", "show", "LD"]);
    expect(shown.stdout).toMatch(/target branch\s+main/);
    expect(shown.stdout).toMatch(/land\s+manual \(squash\)/);
    expect(shown.stdout).toMatch(/checks\s+`pnpm test`, `pnpm lint`/);
    expect(shown.stdout).toMatch(/worktree setup\s+`pnpm install`/);
    expect(shown.stdout).toMatch(/remote\s+upstream/);

    const updated = await json<{ settings: Record<string, unknown> }>(
      ...[
        "project",
        "update",
        "LD",
        "--no-checks",
        "--no-worktree-setup",
        "--land",
        "auto",
        "--land-strategy",
        "merge",
      ],
    );
    expect(updated.settings).toMatchObject({
      targetBranch: "main",
      landPolicy: "auto",
      landStrategy: "merge",
      checks: [],
      worktreeSetup: null,
      remote: "upstream",
    });
    const checked = await json<{ settings: { checks: string[] } }>("project", "update", "LD", "--check", "make test");
    expect(checked.settings.checks).toEqual(["make test"]);
  });

  it("names a repository elsewhere, shows it, refuses what it cannot do with it, and takes it away", async () => {
    const url = "git@git.example.com:acme/land.git";
    const named = await world.json<{ settings: { repositoryUrl: string | null } }>(
      ...["project", "update", "LD", "--repository", url],
    );
    expect(named.settings.repositoryUrl).toBe(url);
    expect((await world.maestro(["project", "show", "LD"])).stdout).toMatch(
      /repository\s+git@git\.example\.com:acme\/land\.git/,
    );
    // Worktrees cannot be turned off while runners hold them.
    expect(await world.maestro(["project", "update", "LD", "--worktree", "off"])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^error: settings\.worktreeMode: /),
    });
    const cleared = await world.json<{ settings: { repositoryUrl: string | null } }>(
      ...["project", "update", "LD", "--no-repository"],
    );
    expect(cleared.settings.repositoryUrl).toBeNull();
    expect((await world.maestro(["project", "show", "LD"])).stdout).toMatch(/repository\s+— \(the project directory\)/);
  });

  it("refuses too many checks with the server's reason naming the field, changing nothing", async () => {
    const checks = Array.from({ length: 21 }, (_, i) => ["--check", `echo ${i}`]).flat();
    const result = await world.maestro(["project", "update", "LD", ...checks]);
    expect(result).toEqual({ code: 1, stdout: "", stderr: "error: settings.checks: must have at most 20 commands" });
    const shown = await world.json<{ settings: { checks: string[] } }>("project", "show", "LD");
    expect(shown.settings.checks).toEqual(["make test"]);
  });
});

describe("review, land, resolve and worktree commands", () => {
  const client = () => createMaestroClient({ url: world.server.url, token: world.server.token });
  /** What the server itself answers to the same request. */
  const refusal = (call: () => Promise<unknown>) =>
    call().then(
      () => undefined,
      (error: Error) => error.message,
    );

  beforeAll(async () => {
    await world.json("task", "create", "Not started", "--project", "LD");
  });

  it.each([
    [
      "task review --approve",
      ["task", "review", "LD-1", "--approve"],
      () => client().task.review.mutate({ id: "LD-1", verdict: "approve" }),
    ],
    ["task land", ["task", "land", "LD-1"], () => client().task.land.mutate({ id: "LD-1" })],
    [
      "task resolve",
      ["task", "resolve", "LD-1", "--agent", "shell"],
      () => client().task.resolve.mutate({ id: "LD-1", agent: "shell" }),
    ],
    ["task land of an unknown task", ["task", "land", "LD-99"], () => client().task.land.mutate({ id: "LD-99" })],
    [
      "worktree list",
      ["worktree", "list", "--project", "NOPE"],
      () => client().worktree.list.query({ projectId: "NOPE" }),
    ],
    [
      "worktree prune",
      ["worktree", "prune", "--project", "NOPE"],
      () => client().worktree.prune.mutate({ projectId: "NOPE" }),
    ],
  ])("%s: a refusal is one line with the server's reason, exit 1", async (_name, argv, call) => {
    const reason = await refusal(call);
    expect(reason).toBeDefined();
    expect(await world.maestro(argv)).toEqual({ code: 1, stdout: "", stderr: `error: ${reason}` });
  });

  it("task review --request-changes without a comment: the domain's reason, naming the field", async () => {
    expect(await world.maestro(["task", "review", "LD-1", "--request-changes"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: comment: is required to request changes: say what should change (or comment on lines)",
    });
  });

  it("task diff of a task without a branch: exit 1 with the server's reason", async () => {
    expect(await world.maestro(["task", "diff", "LD-1"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: LD-1 has no branch yet: its work starts in a worktree",
    });
    expect((await world.maestro(["task", "show", "LD-1"])).stdout).not.toContain("Landing");
  });
});
