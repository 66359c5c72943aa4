import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ImportPlan, Spec, Task } from "@maestro/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useCliServer } from "./cli-server";

// Issue 14 (imports): `maestro import spec-kit|kiro <folder>` against a real server, with the
// domain package's fixture folders: --dry-run writes nothing, the import creates the specs,
// tasks (with their order) and steering, and importing again changes nothing.
const cli = useCliServer("maestro-cli-import-specs-");
const FIXTURES = join(import.meta.dirname, "..", "..", "domain", "test", "fixtures", "import");
const SPEC_KIT_FOLDER = join(FIXTURES, "spec-kit", "001-photo-albums");
const KIRO_FOLDER = join(FIXTURES, "kiro", ".kiro");
const KIRO_SPEC_FOLDER = join(FIXTURES, "kiro-spec", "notifications");
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "maestro-cli-import-specs-files-"));
  for (const [name, key] of [
    ["albums", "SK"],
    ["kiro", "KR"],
    ["notify", "NT"],
  ] as const) {
    mkdirSync(join(dir, name));
    expect((await cli.run(["project", "create", name, "--dir", join(dir, name), "--key", key], "home")).code).toBe(0);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function listJson<T>(argv: string[]): Promise<T[]> {
  const run = await cli.run([...argv, "--json"], "home");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as T[];
}

/** Each task as its title with the titles of its parent and of what it waits for. */
function graphOf(tasks: Task[]): Record<string, { status: string; parent: string | null; after: string[] }> {
  const title = new Map(tasks.map((task) => [task.id, task.title]));
  return Object.fromEntries(
    tasks.map((task) => [
      task.title,
      {
        status: task.status,
        parent: task.parentId ? title.get(task.parentId)! : null,
        after: task.dependsOn.map((id) => title.get(id)!).sort(),
      },
    ]),
  );
}

describe("maestro import spec-kit", () => {
  it("--dry-run shows the spec and the tasks it would create, and writes nothing", async () => {
    const run = await cli.run(["import", "spec-kit", SPEC_KIT_FOLDER, "--project", "SK", "--dry-run"], "home");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/create\s+SK-14\s+T014\s+todo\s+GET \/shared\/\{token\}/);
    expect(run.stdout).toContain("create spec photo-albums (Photo albums): requirements, design");
    expect(run.stdout).toContain("Dry run of spec-kit:001-photo-albums → SK: 18 to create, 0 to update, 0 unchanged");
    expect(await listJson<Task>(["task", "list", "--project", "SK"])).toEqual([]);
    expect(await listJson<Spec>(["spec", "list", "--project", "SK"])).toEqual([]);
  });

  it("imports the feature folder as a spec with its tasks in batch order, then a re-import changes nothing", async () => {
    const run = await cli.run(["import", "spec-kit", SPEC_KIT_FOLDER, "--project", "SK", "--json"], "home");
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as ImportPlan).counts).toEqual({ create: 18, update: 0, unchanged: 0 });
    const [spec, ...otherSpecs] = await listJson<Spec>(["spec", "list", "--project", "SK"]);
    expect(otherSpecs).toEqual([]);
    expect(spec!.name).toBe("Photo albums");
    const tasks = await listJson<Task>(["task", "list", "--project", "SK"]);
    expect(tasks).toHaveLength(17);
    expect(tasks.every((task) => task.specId === spec!.id)).toBe(true);
    const graph = graphOf(tasks);
    expect(graph["Configure linting in eslint.config.js"]).toEqual({
      status: "done",
      parent: null,
      after: ["Create the src/ and tests/ folders per the plan"],
    });
    expect(graph["Configure Vitest in vitest.config.ts"]!.after).toEqual([
      "Create the src/ and tests/ folders per the plan",
    ]);
    expect(
      graph["GET /shared/{token} route in src/routes/shared.ts for FR-003, depends on T013 and T007"]!.after,
    ).toEqual(["ShareLink model in src/models/share-link.ts", "Wire the routes in src/routes/index.ts"]);
    const again = await cli.run(["import", "spec-kit", SPEC_KIT_FOLDER, "--project", "SK"], "home");
    expect(again.stdout).toContain("Imported spec-kit:001-photo-albums → SK: 0 created, 0 updated, 18 unchanged");
  });
});

describe("maestro import kiro", () => {
  it("--dry-run of a .kiro folder shows both specs, the tasks and the steering, and writes nothing", async () => {
    const run = await cli.run(["import", "kiro", KIRO_FOLDER, "--project", "KR", "--dry-run"], "home");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/create\s+KR-3\s+photo-albums\/2\.1\s+done\s+Create albums with a validated name/);
    expect(run.stdout).toContain("create spec share-links (Share links): requirements");
    expect(run.stdout).toContain("create steering tech.md");
    expect(run.stdout).toContain("settings/mcp.json: left out: not a Kiro spec document or steering file");
    expect(run.stdout).toContain("Dry run of kiro → KR: 15 to create, 0 to update, 0 unchanged");
    expect(await listJson<Task>(["task", "list", "--project", "KR"])).toEqual([]);
    expect(existsSync(join(dir, "kiro", ".maestro", "steering", "tech.md"))).toBe(false);
  });

  it("imports specs, subtasks in Kiro's order and steering, then a re-import changes nothing", async () => {
    const run = await cli.run(["import", "kiro", KIRO_FOLDER, "--project", "KR"], "home");
    expect(run.code).toBe(0);
    const specs = await listJson<Spec>(["spec", "list", "--project", "KR"]);
    expect(specs.map((spec) => spec.name).sort()).toEqual(["Photo albums", "Share links"]);
    const graph = graphOf(await listJson<Task>(["task", "list", "--project", "KR"]));
    expect(Object.keys(graph)).toHaveLength(11);
    expect(graph["Add and remove photos"]).toEqual({
      status: "in_progress",
      parent: "Build the album service",
      after: ["Create albums with a validated name"],
    });
    expect(graph["Expose the service over HTTP"]!.after).toEqual(["Add and remove photos"]);
    expect(graph["Generate 128-bit tokens"]!.parent).toBe("Add the share_links table");
    const tech = readFileSync(join(dir, "kiro", ".maestro", "steering", "tech.md"), "utf8");
    expect(tech).toBe("# Tech\n\nTypeScript on Node 22, Fastify, SQLite through Drizzle.\n");
    const again = await cli.run(["import", "kiro", KIRO_FOLDER, "--project", "KR"], "home");
    expect(again.stdout).toContain("Imported kiro → KR: 0 created, 0 updated, 15 unchanged");
  });
});

describe("maestro import kiro, one spec folder", () => {
  it("names the spec after the folder, and approving its tasks document later makes no copies", async () => {
    const run = await cli.run(["import", "kiro", KIRO_SPEC_FOLDER, "--project", "NT"], "home");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("create spec notifications (Notifications): requirements, design, tasks");
    expect(run.stdout).toContain("Imported kiro → NT: 5 created, 0 updated, 0 unchanged");
    const before = await listJson<Task>(["task", "list", "--project", "NT"]);
    expect(before.map((task) => [task.title, task.status])).toEqual([
      ["Add the notifications table", "done"],
      ["Notify on comments", "todo"],
      ["Write a notification in the comment's transaction", "todo"],
      ["Skip muted albums", "todo"],
    ]);
    const preview = await cli.run(["spec", "tasks", "NT/notifications"], "home");
    expect(preview.stdout).toMatch(/0 to create/);
    for (const phase of ["requirements", "design", "tasks"]) {
      expect((await cli.run(["spec", "approve", "NT/notifications", "--phase", phase], "home")).code).toBe(0);
    }
    const after = await listJson<Task>(["task", "list", "--project", "NT"]);
    expect(after.map((task) => task.id)).toEqual(before.map((task) => task.id));
  });
});
