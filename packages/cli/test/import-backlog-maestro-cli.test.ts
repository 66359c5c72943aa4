import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ImportPlan, Task } from "@maestro/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useCliServer } from "./cli-server";

// Issue 14 (imports): a Backlog.md folder and an agent-maestro data directory, imported through
// `maestro import` from the fixture folders the parsers' unit tests use: a dry run writes nothing,
// the import creates the graph, and a re-import of the edited source updates instead of adding.
const cli = useCliServer("maestro-cli-import-backlog-");
const FIXTURES = join(import.meta.dirname, "..", "..", "domain", "test", "fixtures", "import");
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "maestro-cli-import-backlog-files-"));
  cpSync(join(FIXTURES, "backlog"), join(dir, "backlog"), { recursive: true });
  cpSync(join(FIXTURES, "agent-maestro"), join(dir, "data"), { recursive: true });
  for (const key of ["BL", "AM"]) {
    const made = await cli.run(["project", "create", key.toLowerCase(), "--dir", join(dir, key), "--key", key], "home");
    expect(made.code).toBe(0);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const listTasks = async (project: string) =>
  JSON.parse((await cli.run(["task", "list", "--project", project, "--json"], "home")).stdout) as Task[];
const importJson = async (args: string[]) => {
  const run = await cli.run(["import", ...args, "--json"], "home");
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout) as ImportPlan;
};
/** Title, status, parent title and dependency titles of every task: the graph an import made. */
const graph = (tasks: Task[]) => {
  const title = new Map(tasks.map((task) => [task.id, task.title]));
  return tasks.map((t) => [
    t.key,
    t.title,
    t.status,
    title.get(t.parentId ?? "") ?? null,
    t.dependsOn.map((id) => title.get(id)),
  ]);
};
const edit = (path: string, from: string, to: string) => {
  const text = readFileSync(path, "utf8");
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
};

describe("maestro import backlog", () => {
  const folder = () => join(dir, "backlog");

  it("dry-runs, imports the graph, and updates it on a re-import of the edited folder", async () => {
    const dry = await cli.run(["import", "backlog", folder(), "--project", "BL", "--dry-run"], "home");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/create\s+BL-3\s+task-2\.1\s+in_progress\s+Album form/);
    expect(dry.stdout).toContain("archive/tasks/task-4 - Import-from-the-old-site.md: archived: not imported");
    expect(dry.stdout).toContain("Dry run of backlog → BL: 7 to create, 0 to update, 0 unchanged; nothing was written");
    expect(await listTasks("BL")).toEqual([]);

    expect((await importJson(["backlog", folder(), "--project", "BL"])).counts).toEqual({
      create: 7,
      update: 0,
      unchanged: 0,
    });
    expect(graph(await listTasks("BL"))).toEqual([
      ["BL-1", "Set up the project", "done", null, []],
      ["BL-2", "Albums: create and list", "in_progress", null, ["Set up the project"]],
      ["BL-3", "Album form", "in_progress", "Albums: create and list", []],
      ["BL-4", "Share an album", "todo", null, ["Albums: create and list"]],
      ["BL-5", "Choose a storage bucket", "done", null, []],
      ["BL-6", "Thumbnails", "todo", null, []],
      ["BL-7", "Thumbnails for old photos", "todo", "Thumbnails", []],
    ]);

    edit(
      join(folder(), "tasks", "task-3 - Share-an-album.md"),
      "title: Share an album",
      "title: Share an album by link",
    );
    writeFileSync(
      join(folder(), "tasks", "task-8 - Slideshow.md"),
      "---\nid: task-8\ntitle: Slideshow\ndependencies: [task-3]\n---\n",
    );
    const again = await importJson(["backlog", folder(), "--project", "BL"]);
    expect(again.counts).toEqual({ create: 1, update: 1, unchanged: 6 });
    expect(again.tasks.filter((task) => task.action !== "unchanged").map((t) => [t.action, t.key, t.changes])).toEqual([
      ["update", "BL-4", ["title"]],
      ["create", "BL-8", []],
    ]);
    const tasks = await listTasks("BL");
    expect(tasks).toHaveLength(8);
    expect(graph(tasks).at(-1)).toEqual(["BL-8", "Slideshow", "todo", null, ["Share an album by link"]]);
  });
});

describe("maestro import agent-maestro", () => {
  const data = () => join(dir, "data");
  const PROJECT = "proj_1738713600000_x7k9m2p4q";

  it("asks which project, dry-runs, imports one project, and updates it on a re-import", async () => {
    const unchosen = await cli.run(["import", "agent-maestro", data(), "--project", "AM", "--dry-run"], "home");
    expect(unchosen.code).toBe(1);
    expect(unchosen.stderr).toContain("choose one by id or name: proj_1738713600000_x7k9m2p4q (Photo albums)");

    const dry = await cli.run(
      ["import", "agent-maestro", data(), "--project", "AM", "--tag", PROJECT, "--dry-run"],
      "home",
    );
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/create\s+AM-2\s+\S+\s+in_progress\s+Build the albums API/);
    expect(dry.stdout).toContain("not imported: 2 files that are not projects or tasks (sessions, team-members)");
    expect(dry.stdout).toContain(`Dry run of agent-maestro:${PROJECT} → AM: 5 to create, 0 to update, 0 unchanged`);
    expect(await listTasks("AM")).toEqual([]);

    const plan = await importJson(["agent-maestro", data(), "--project", "AM", "--tag", "Photo albums"]);
    expect(plan.counts).toEqual({ create: 5, update: 0, unchanged: 0 });
    expect(graph(await listTasks("AM"))).toEqual([
      ["AM-1", "Pick a photo storage", "todo", null, []],
      ["AM-2", "Build the albums API", "in_progress", null, []],
      ["AM-3", "Album endpoints", "done", "Build the albums API", []],
      ["AM-4", "Photo upload endpoint", "todo", "Build the albums API", ["Album endpoints"]],
      ["AM-5", "Review the API design", "in_review", null, ["Build the albums API"]],
    ]);

    edit(
      join(data(), "tasks", PROJECT, "task_1738713900000_f5g6h7j8k.json"),
      '"status": "todo"',
      '"status": "in_progress"',
    );
    const again = await importJson(["agent-maestro", data(), "--project", "AM", "--tag", PROJECT]);
    expect(again.counts).toEqual({ create: 0, update: 1, unchanged: 4 });
    expect(again.tasks.find((task) => task.action === "update")).toMatchObject({ key: "AM-4", changes: ["status"] });
    const tasks = await listTasks("AM");
    expect(tasks).toHaveLength(5);
    expect(tasks.find((task) => task.key === "AM-4")!.status).toBe("in_progress");
  });
});
