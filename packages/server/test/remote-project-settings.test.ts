import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProjectSettings } from "@maestro/domain";
import { afterEach, describe, expect, it } from "vitest";
import { type World, expectTrpcError, makeWorld, snapshot } from "./helpers";

let world: World;
let rootDir: string;
afterEach(async () => {
  await world.close();
  rmSync(rootDir, { recursive: true, force: true });
});

async function setUp() {
  world = await makeWorld();
  rootDir = mkdtempSync(join(tmpdir(), "maestro-remote-settings-"));
}

const REMOTE: Partial<ProjectSettings> = {
  worktreeMode: "per_task",
  targetBranch: "main",
  repositoryUrl: "git@git.example.com:team/web.git",
};

function create(settings: Partial<ProjectSettings>) {
  return world.caller.project.create({ name: "Web", rootDir, key: "WEB", settings });
}

describe("a project's repositoryUrl", () => {
  it("is stored with worktrees and a named target branch, in a directory that is not a repository", async () => {
    await setUp();
    const project = await create(REMOTE);
    expect(project.settings).toMatchObject(REMOTE);
    const cleared = await world.caller.project.update({ id: "WEB", settings: { repositoryUrl: null } });
    expect(cleared.settings.repositoryUrl).toBeNull();
  });

  it("refuses a missing target branch and worktrees off, naming the setting", async () => {
    await setUp();
    const before = await snapshot(world);
    await expectTrpcError(create({ ...REMOTE, targetBranch: null }), "BAD_REQUEST", /settings\.targetBranch/);
    await expectTrpcError(
      create({ ...REMOTE, worktreeMode: "off" }),
      "BAD_REQUEST",
      /settings\.worktreeMode.*per_task/,
    );
    expect(await snapshot(world)).toBe(before);
  });

  it("allows PR mode (runners open the pull requests)", async () => {
    await setUp();
    expect((await create({ ...REMOTE, landPolicy: "pr" })).settings.landPolicy).toBe("pr");
  });

  it("is refused on update where the stored settings do not allow it", async () => {
    await setUp();
    await create({ landPolicy: "pr", worktreeMode: "per_task", targetBranch: null });
    const before = await snapshot(world);
    const error = await expectTrpcError(
      world.caller.project.update({ id: "WEB", settings: { repositoryUrl: "https://git.example.com/web.git" } }),
      "BAD_REQUEST",
      /settings\.targetBranch/,
    );
    expect(error.cause).toMatchObject({ details: { field: "settings.targetBranch" } });
    expect(await snapshot(world)).toBe(before);
    await world.caller.project.update({ id: "WEB", settings: { targetBranch: "main" } });
    await world.caller.project.update({ id: "WEB", settings: { repositoryUrl: "https://git.example.com/web.git" } });
    await expectTrpcError(
      world.caller.project.update({ id: "WEB", settings: { worktreeMode: "off" } }),
      "BAD_REQUEST",
      /settings\.worktreeMode/,
    );
    expect((await world.caller.project.byId({ id: "WEB" })).settings.worktreeMode).toBe("per_task");
  });

  it.each(["ext::sh -c x", "-oProxyCommand=x", "fd::3", "relative/path", "https://host/a b"])(
    "refuses %j as a git URL, naming settings.repositoryUrl",
    async (url) => {
      await setUp();
      const error = await expectTrpcError(create({ ...REMOTE, repositoryUrl: url }), "BAD_REQUEST");
      expect(error.message).toContain("settings.repositoryUrl");
    },
  );
});
