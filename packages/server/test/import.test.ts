import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createContextInner } from "../src/context";
import { appRouter } from "../src/routers/app";
import { createCallerFactory } from "../src/trpc";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { schedulePass } from "../src/services/autopilot/scheduler";
import { expectTrpcError, snapshot } from "./helpers";
import { fixture, importWorld } from "./import-world";

let world: Awaited<ReturnType<typeof importWorld>>;
beforeEach(async () => {
  world = await importWorld();
});
afterEach(() => world.done());

const files = (text: string) => ({ "tasks.json": text });
const small = () => files(fixture("taskmaster-small.json"));
const preview = (input: object = {}) =>
  world.caller.import.preview({ projectId: "WEB", format: "taskmaster", files: small(), ...input });
const apply = (input: object = {}) =>
  world.caller.import.run({ projectId: "WEB", format: "taskmaster", files: small(), ...input });
const byKey = (key: string) => world.caller.task.byId({ id: key });

describe("import preview", () => {
  it("says what it will create, with the keys the tasks will get, and writes nothing", async () => {
    const before = await snapshot(world);
    const plan = await preview();
    expect(plan.tasks.map((task) => [task.action, task.key, task.sourceId, task.status])).toEqual([
      ["create", "WEB-1", "1", "done"],
      ["create", "WEB-2", "2", "in_progress"],
      ["create", "WEB-3", "2.1", "done"],
      ["create", "WEB-4", "2.2", "todo"],
      ["create", "WEB-5", "3", "todo"],
    ]);
    expect(plan).toMatchObject({ source: "taskmaster:master", projectKey: "WEB", held: false });
    expect(plan.counts).toEqual({ create: 5, update: 0, unchanged: 0 });
    expect(plan.warnings).toEqual([
      { item: "task 3", message: "status deferred has no Maestro status: imported as todo" },
    ]);
    expect(await snapshot(world)).toBe(before);
  });
});

describe("import apply", () => {
  it("creates the graph: parents, dependencies (subtask references too), statuses, priorities, texts", async () => {
    const result = await apply();
    expect(result.applied).toBe(true);
    const api = await byKey("WEB-2");
    const routers = await byKey("WEB-4");
    const dashboard = await byKey("WEB-5");
    expect(await byKey("WEB-1")).toMatchObject({
      title: "Set up the repository",
      description: "Create the repo and CI.\n\n## Details\n\nUse pnpm workspaces.",
      acceptanceCriteria: ["CI runs on push", "pnpm install works"],
      status: "done",
      priority: "high",
    });
    expect(routers).toMatchObject({ parentId: api.id, dependsOn: [(await byKey("WEB-3")).id], priority: "medium" });
    expect(dashboard.dependsOn.sort()).toEqual([routers.id, (await byKey("WEB-1")).id].sort());
    const events = await world.caller.event.list({ projectId: "WEB", kinds: ["task.created"], limit: 100 });
    expect(events.items).toHaveLength(5);
  });

  it("updates what an earlier import created instead of adding it again", async () => {
    await apply();
    const changed = JSON.parse(fixture("taskmaster-small.json"));
    changed.master.tasks[0].title = "Set up the monorepo";
    changed.master.tasks[2].status = "done";
    changed.master.tasks.push({ id: 4, title: "Docs", dependencies: [3] });
    const plan = await apply({ files: files(JSON.stringify(changed)) });
    expect(plan.tasks.map((task) => [task.action, task.key, task.changes])).toEqual([
      ["update", "WEB-1", ["title"]],
      ["unchanged", "WEB-2", []],
      ["unchanged", "WEB-3", []],
      ["unchanged", "WEB-4", []],
      ["update", "WEB-5", ["status"]],
      ["create", "WEB-6", []],
    ]);
    expect(plan.counts).toEqual({ create: 1, update: 2, unchanged: 3 });
    expect((await world.caller.task.list({ projectId: "WEB" })).items).toHaveLength(6);
    expect(await byKey("WEB-1")).toMatchObject({ title: "Set up the monorepo" });
    expect(await byKey("WEB-6")).toMatchObject({ dependsOn: [(await byKey("WEB-5")).id] });
    expect((await apply({ files: files(JSON.stringify(changed)) })).counts).toEqual({
      create: 0,
      update: 0,
      unchanged: 6,
    });
  });

  it("a re-import of a task naming one dependency twice is unchanged (regression: it was an update every time)", async () => {
    const json = {
      "x.json": JSON.stringify({
        format: "maestro",
        version: 1,
        project: { key: "SRC", name: "Src" },
        tasks: [
          { key: "SRC-1", title: "a" },
          { key: "SRC-2", title: "b", dependsOn: ["SRC-1", "SRC-1"], requirementIds: ["US1", "US1"] },
        ],
      }),
    };
    const run = () => world.caller.import.run({ projectId: "WEB", format: "json", files: json });
    expect((await run()).counts).toEqual({ create: 2, update: 0, unchanged: 0 });
    expect((await run()).counts).toEqual({ create: 0, update: 0, unchanged: 2 });
  });

  it("never moves a task's status back: progress made in Maestro is kept", async () => {
    await apply();
    await world.caller.task.update({ id: "WEB-4", status: "done" });
    const plan = await apply();
    expect(plan.tasks.find((task) => task.key === "WEB-4")).toMatchObject({ action: "unchanged", status: "done" });
    expect((await byKey("WEB-4")).status).toBe("done");
  });

  it("refuses the whole import when one item closes a dependency cycle, naming it, and writes nothing", async () => {
    const cyclic = JSON.parse(fixture("taskmaster-small.json"));
    cyclic.master.tasks[0].dependencies = [3];
    const before = await snapshot(world);
    await expectTrpcError(
      apply({ files: files(JSON.stringify(cyclic)) }),
      "BAD_REQUEST",
      /^dependency cycle in the import: task 1 → task 3 → task 1$/,
    );
    expect(await snapshot(world)).toBe(before);
  });

  it("refuses the whole import when one item is unusable, naming it, and writes nothing", async () => {
    const bad = JSON.parse(fixture("taskmaster-small.json"));
    bad.master.tasks[1].subtasks[1].title = "";
    const before = await snapshot(world);
    await expectTrpcError(apply({ files: files(JSON.stringify(bad)) }), "BAD_REQUEST", /task 2\.2: has no title/);
    expect(await snapshot(world)).toBe(before);
  });

  it("refuses a re-import that would put a task inside its own subtask, naming both", async () => {
    const json = (tasks: object[]) => ({
      "x.json": JSON.stringify({ format: "maestro", version: 1, project: { key: "SRC", name: "Src" }, tasks }),
    });
    const run = (tasks: object[]) => world.caller.import.run({ projectId: "WEB", format: "json", files: json(tasks) });
    await run([
      { key: "SRC-1", title: "parent" },
      { key: "SRC-2", title: "child", parent: "SRC-1" },
    ]);
    const before = await snapshot(world);
    await expectTrpcError(
      run([{ key: "SRC-1", title: "parent", parent: "SRC-2" }]),
      "BAD_REQUEST",
      /^task SRC-1: its parents would loop: task SRC-1 → task SRC-2 → task SRC-1$/,
    );
    expect(await snapshot(world)).toBe(before);
  });

  it("with autopilot on: creates the tasks held, leaves autopilot as it was, and autopilot starts none of them", async () => {
    await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
    await world.caller.project.update({ id: "WEB", settings: { defaultAgent: "script" } });
    await world.caller.autopilot.start({ projectId: "WEB" });
    const plan = await apply();
    expect(plan.held).toBe(true);
    expect(await byKey("WEB-4")).toMatchObject({ status: "todo", heldBy: "import", heldAt: expect.any(String) });
    expect(await byKey("WEB-1")).toMatchObject({ status: "done", heldAt: null });
    await schedulePass(world.ctx, () => {});
    expect((await world.caller.session.list({ projectId: "WEB", limit: 100 })).items).toHaveLength(0);
    expect((await world.caller.autopilot.status({ projectId: "WEB" })).state).toBe("on");
    expect(await world.caller.task.why({ id: "WEB-4" })).toMatchObject({
      text: expect.stringMatching(/^held: imported at .* while autopilot was on; run maestro task retry WEB-4/),
    });
    await world.caller.task.retry({ id: "WEB-4" });
    expect((await byKey("WEB-4")).heldAt).toBeNull();
  });

  it("is the owner's: an agent session is refused", async () => {
    const agentCtx = createContextInner({
      ...world.ctx,
      principal: { kind: "agent", sessionId: "s", projectId: "p", taskIds: [] },
    });
    await expectTrpcError(
      createCallerFactory(appRouter)(agentCtx).import.run({ projectId: "WEB", format: "taskmaster", files: small() }),
      "FORBIDDEN",
    );
  });
});

describe("import from a path", () => {
  it("reads a file or folder inside the project root", async () => {
    mkdirSync(join(world.root, ".taskmaster", "tasks"), { recursive: true });
    writeFileSync(join(world.root, ".taskmaster", "tasks", "tasks.json"), fixture("taskmaster-small.json"));
    const plan = await world.caller.import.preview({
      projectId: "WEB",
      format: "taskmaster",
      path: ".taskmaster/tasks/tasks.json",
    });
    expect(plan.counts.create).toBe(5);
    const folder = await world.caller.import.preview({ projectId: "WEB", format: "taskmaster", path: ".taskmaster" });
    expect(folder.counts.create).toBe(5);
  });

  it("reads only the files its format reads, so a large unrelated file does not count against the caps", async () => {
    mkdirSync(join(world.root, ".taskmaster", "tasks"), { recursive: true });
    writeFileSync(join(world.root, ".taskmaster", "tasks", "tasks.json"), fixture("taskmaster-small.json"));
    writeFileSync(join(world.root, ".taskmaster", "docs.md"), "x".repeat(1_600_000));
    const plan = await world.caller.import.preview({ projectId: "WEB", format: "taskmaster", path: ".taskmaster" });
    expect(plan.counts.create).toBe(5);
    await expectTrpcError(
      world.caller.import.preview({ projectId: "WEB", format: "spec-kit", path: ".taskmaster" }),
      "BAD_REQUEST",
      /^path: .*docs\.md is larger than an import takes \(1500000 bytes\)$/,
    );
  });

  it("refuses a path outside the root: .., an absolute path, a link leading out", async () => {
    const outside = join(world.root, "..", `outside-${process.pid}.json`);
    writeFileSync(outside, fixture("taskmaster-small.json"));
    symlinkSync(outside, join(world.root, "tasks.json"));
    for (const path of ["../tasks.json", outside, "tasks.json"]) {
      await expectTrpcError(
        world.caller.import.preview({ projectId: "WEB", format: "taskmaster", path }),
        "FORBIDDEN",
        /^path: /,
      );
    }
  });

  it("passes over what it would not read: a link out of the root beside the files, a pipe (regression: both refused the import)", async () => {
    const folder = join(world.root, ".taskmaster", "tasks");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "tasks.json"), fixture("taskmaster-small.json"));
    const outside = mkdtempSync(join(tmpdir(), "maestro-import-venv-"));
    try {
      symlinkSync(outside, join(world.root, ".taskmaster", ".venv"));
      execFileSync("mkfifo", [join(folder, "pipe.json")]);
      const plan = await world.caller.import.preview({ projectId: "WEB", format: "taskmaster", path: ".taskmaster" });
      expect(plan.counts.create).toBe(5);
      writeFileSync(join(outside, "tasks.json"), "{}");
      symlinkSync(join(outside, "tasks.json"), join(folder, "more.json"));
      await expectTrpcError(
        world.caller.import.preview({ projectId: "WEB", format: "taskmaster", path: ".taskmaster" }),
        "FORBIDDEN",
        /^path: tasks\/more\.json is a link leading outside /,
      );
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("names a folder reached through a link as the CLI does, by its real name (regression: a second source)", async () => {
    const feature = join(world.root, "specs", "001-photo-albums");
    mkdirSync(feature, { recursive: true });
    writeFileSync(join(feature, "tasks.md"), "# Tasks\n\n- [ ] T001 Create the model\n");
    symlinkSync(feature, join(world.root, "specs", "current"));
    const run = (path: string) => world.caller.import.run({ projectId: "WEB", format: "spec-kit", path });
    expect((await run("specs/current")).source).toBe("spec-kit:001-photo-albums");
    expect((await run("specs/001-photo-albums")).counts).toMatchObject({ create: 0, update: 0 });
  });
});
