import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ImportPlan, Task } from "@maestro/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useCliServer } from "./cli-server";

// Issue 14 (imports and exports): `maestro import` shows the plan and writes nothing with
// --dry-run, imports for real without it, and `maestro export` writes a file that imports back.
const cli = useCliServer("maestro-cli-import-");
let dir: string;

const TASKS = {
  master: {
    tasks: [
      { id: 1, title: "Schema", status: "done", priority: "high", testStrategy: "- tables exist" },
      {
        id: "2",
        title: "API",
        status: "pending",
        dependencies: [1],
        subtasks: [{ id: 1, title: "Routers", dependencies: [] }],
      },
      { id: 3, title: "Someday", status: "deferred", dependencies: ["2.1"] },
    ],
    metadata: {},
  },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "maestro-cli-import-files-"));
  mkdirSync(join(dir, "web", ".taskmaster", "tasks"), { recursive: true });
  mkdirSync(join(dir, "copy"));
  writeFileSync(join(dir, "web", ".taskmaster", "tasks", "tasks.json"), JSON.stringify(TASKS));
  const projects: [string, string][] = [
    ["web", "WEB"],
    ["copy", "COPY"],
  ];
  for (const [name, key] of projects) {
    expect((await cli.run(["project", "create", name, "--dir", join(dir, name), "--key", key], "home")).code).toBe(0);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tasksFile = () => join(dir, "web", ".taskmaster", "tasks", "tasks.json");
const listTasks = async (project: string) =>
  JSON.parse((await cli.run(["task", "list", "--project", project, "--json"], "home")).stdout) as Task[];

describe("maestro import", () => {
  it("--dry-run shows the plan as a table with warnings and a summary, and writes nothing", async () => {
    const run = await cli.run(["import", "taskmaster", tasksFile(), "--project", "WEB", "--dry-run"], "home");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ACTION\s+KEY\s+SOURCE\s+STATUS\s+TITLE/);
    expect(run.stdout).toMatch(/create\s+WEB-2\s+2\s+todo\s+API/);
    expect(run.stdout).toContain("task 3: status deferred has no Maestro status: imported as todo");
    expect(run.stdout).toContain(
      "Dry run of taskmaster:master → WEB: 4 to create, 0 to update, 0 unchanged; nothing was written",
    );
    expect(await listTasks("WEB")).toEqual([]);
  });

  it("imports, then a second import of the same file changes nothing", async () => {
    const plan = JSON.parse(
      (await cli.run(["import", "taskmaster", tasksFile(), "--project", "WEB", "--json"], "home")).stdout,
    ) as ImportPlan;
    expect(plan.counts).toEqual({ create: 4, update: 0, unchanged: 0 });
    const tasks = await listTasks("WEB");
    expect(tasks.map((task) => [task.key, task.title, task.status])).toEqual([
      ["WEB-1", "Schema", "done"],
      ["WEB-2", "API", "todo"],
      ["WEB-3", "Routers", "todo"],
      ["WEB-4", "Someday", "todo"],
    ]);
    const again = await cli.run(["import", "taskmaster", join(dir, "web", ".taskmaster"), "--project", "WEB"], "home");
    expect(again.stdout).toContain("Imported taskmaster:master → WEB: 0 created, 0 updated, 4 unchanged");
    expect(await listTasks("WEB")).toHaveLength(4);
  });

  it("refuses a bad format or a missing flag with exit 2 naming it", async () => {
    const bad = await cli.run(["import", "trello", tasksFile(), "--project", "WEB"], "home");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("<format>: must be one of taskmaster, spec-kit, kiro, backlog, agent-maestro, json");
    const noProject = await cli.run(["import", "taskmaster", tasksFile()], "home");
    expect(noProject.code).toBe(2);
    expect(noProject.stderr).toContain("--project");
    const badExport = await cli.run(["export", "WEB", "--format", "csv"], "home");
    expect(badExport.code).toBe(2);
    expect(badExport.stderr).toContain("--format");
  });

  it("does not follow a link out of the folder it reads", async () => {
    const folder = join(dir, "linked");
    mkdirSync(folder);
    symlinkSync(tasksFile(), join(folder, "tasks.json"));
    const run = await cli.run(["import", "taskmaster", folder, "--project", "WEB", "--dry-run"], "home");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/tasks\.json is a link leading outside/);
  });
});

describe("maestro export", () => {
  it("writes json to stdout and taskmaster to a file, and each imports back into an equal graph", async () => {
    const json = await cli.run(["export", "WEB", "--format", "json"], "home");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ format: "maestro", project: { key: "WEB" } });
    const out = join(dir, "tasks.json");
    const written = await cli.run(["export", "WEB", "--format", "taskmaster", "--output", out], "home");
    expect(written.stdout).toContain(`wrote ${out}`);
    expect(JSON.parse(readFileSync(out, "utf8")).master.tasks).toHaveLength(3);
    expect((await cli.run(["import", "taskmaster", out, "--project", "COPY"], "home")).code).toBe(0);
    const shape = (tasks: Task[]) => {
      const title = new Map(tasks.map((task) => [task.id, task.title]));
      return tasks.map((t) => [
        t.title,
        t.status,
        t.priority,
        t.acceptanceCriteria,
        title.get(t.parentId ?? ""),
        t.dependsOn.map((id) => title.get(id)),
      ]);
    };
    expect(shape(await listTasks("COPY"))).toEqual(shape(await listTasks("WEB")));
  });
});
