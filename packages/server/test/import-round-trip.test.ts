import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { updateTask } from "@maestro/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { graphOf, importWorld } from "./import-world";

let world: Awaited<ReturnType<typeof importWorld>>;
let otherRoot: string;
beforeEach(async () => {
  world = await importWorld();
  otherRoot = mkdtempSync(join(tmpdir(), "maestro-import-other-"));
  await world.caller.project.create({ name: "Copy", rootDir: otherRoot, key: "COPY" });
});
afterEach(() => {
  world.done();
  rmSync(otherRoot, { recursive: true, force: true });
});

const create = (input: Record<string, unknown>) => world.caller.task.create({ projectId: "WEB", ...input } as never);

/** A graph using every part Task Master carries: two levels, dependencies on tasks and on subtasks. */
async function seedTwoLevels() {
  const api = await create({ title: "API", description: "The server.\n\n## Details\n\nUse tRPC.", priority: "high" });
  const schema = await create({
    title: "Schema",
    parentId: api.id,
    status: "done",
    acceptanceCriteria: ["tables exist", "migrations run"],
  });
  await create({
    title: "Routers",
    parentId: api.id,
    status: "in_progress",
    dependsOn: [schema.id],
    priority: "critical",
  });
  const ui = await create({ title: "Dashboard", status: "in_review", priority: "low", dependsOn: [schema.id] });
  await create({ title: "Docs", status: "blocked", dependsOn: [ui.id, api.id], description: "Write them." });
  await create({ title: "Old idea", status: "cancelled" });
  return { api, schema, ui };
}

const exported = (format: "json" | "taskmaster") => world.caller.export.run({ projectId: "WEB", format });

describe("round trip", () => {
  it("json: a graph exported and imported into another project is the same graph, specs and steering included", async () => {
    const { schema } = await seedTwoLevels();
    await create({ title: "Deep", parentId: schema.id, status: "failed" });
    const spec = await world.caller.spec.create({ projectId: "WEB", name: "Login" });
    await world.caller.spec.edit({ id: spec.id, phase: "requirements", text: "# Requirements\n\n- US1 sign in\n" });
    await world.caller.spec.edit({ id: spec.id, phase: "design", text: "# Design\n\nSessions.\n" });
    await world.database.transaction((tx) => updateTask(tx, schema.id, { specId: spec.id, requirementIds: ["US1"] }));
    await world.caller.steering.write({ projectId: "WEB", name: "tech.md", text: "We use TypeScript.\n" });

    const file = await exported("json");
    expect(file).toMatchObject({ format: "json", fileName: "web.maestro.json" });
    const plan = await world.caller.import.run({
      projectId: "COPY",
      format: "json",
      files: { [file.fileName]: file.content },
    });
    expect(plan.warnings).toEqual([]);
    expect(await graphOf(world, "COPY")).toEqual(await graphOf(world, "WEB"));

    const [copySpec] = (await world.caller.spec.list({ projectId: "COPY" })).items;
    const texts = async (id: string) =>
      (await world.caller.spec.byId({ id })).phases.map((phase) => [phase.phase, phase.text]);
    expect(await texts(copySpec!.id)).toEqual([
      ["requirements", "# Requirements\n\n- US1 sign in\n"],
      ["design", "# Design\n\nSessions.\n"],
      ["tasks", null],
    ]);
    expect(await texts(copySpec!.id)).toEqual(await texts(spec.id));
    const copySchema = (await world.caller.task.list({ projectId: "COPY" })).items.find(
      (task) => task.title === "Schema",
    )!;
    expect(copySchema).toMatchObject({ specId: copySpec!.id, requirementIds: ["US1"] });
    expect(readFileSync(join(otherRoot, ".maestro", "steering", "tech.md"), "utf8")).toBe("We use TypeScript.\n");
    expect(existsSync(join(otherRoot, ".maestro", "specs", "login", "requirements.md"))).toBe(true);

    const again = await world.caller.import.run({
      projectId: "COPY",
      format: "json",
      files: { [file.fileName]: file.content },
    });
    expect(again.counts).toEqual({ create: 0, update: 0, unchanged: 9 });
  });

  it("taskmaster: a graph exported as tasks.json and imported into another project is the same graph", async () => {
    await seedTwoLevels();
    const file = await exported("taskmaster");
    expect(file.fileName).toBe("tasks.json");
    const doc = JSON.parse(file.content);
    expect(doc.master.tasks.map((task: { id: number }) => task.id)).toEqual([1, 2, 3, 4]);
    expect(
      doc.master.tasks[0].subtasks.map((sub: { id: number; dependencies: unknown[] }) => [sub.id, sub.dependencies]),
    ).toEqual([
      [1, []],
      [2, [1]],
    ]);
    expect(doc.master.tasks[1]).toMatchObject({ status: "review", dependencies: ["1.1"] });
    const plan = await world.caller.import.run({
      projectId: "COPY",
      format: "taskmaster",
      files: { "tasks.json": file.content },
    });
    expect(plan.warnings).toEqual([]);
    expect(await graphOf(world, "COPY")).toEqual(await graphOf(world, "WEB"));
  });

  it("taskmaster: a subtask depending on a top-level task whose number a sibling has keeps that dependency (regression: it came back as the sibling)", async () => {
    const api = await create({ title: "API" });
    const dashboard = await create({ title: "Dashboard" });
    await create({ title: "Schema", parentId: api.id });
    await create({ title: "Routers", parentId: api.id, dependsOn: [dashboard.id] });
    await create({ title: "Client", parentId: api.id, dependsOn: [api.id] });
    const file = await exported("taskmaster");
    const plan = await world.caller.import.run({
      projectId: "COPY",
      format: "taskmaster",
      files: { "tasks.json": file.content },
    });
    expect(plan.warnings).toEqual([]);
    expect(await graphOf(world, "COPY")).toEqual(await graphOf(world, "WEB"));
    expect((await graphOf(world, "COPY")).Routers!.dependsOn).toEqual(["Dashboard"]);
  });
});
