import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectTrpcError, snapshot } from "./helpers";
import { importWorld } from "./import-world";

let world: Awaited<ReturnType<typeof importWorld>>;
beforeEach(async () => {
  world = await importWorld();
});
afterEach(() => world.done());

const doc = (specs: object[], tasks: object[] = [], steering: object[] = []) => ({
  "web.maestro.json": JSON.stringify({
    format: "maestro",
    version: 1,
    project: { key: "SRC", name: "Src" },
    tasks,
    specs,
    steering,
  }),
});
const run = (files: Record<string, string>) => world.caller.import.run({ projectId: "WEB", format: "json", files });
const texts = async (slug: string) =>
  (await world.caller.spec.byId({ id: `WEB/${slug}` })).phases.map((phase) => [phase.phase, phase.version, phase.text]);

describe("importing specs", () => {
  it("creates a spec with its documents, then a re-import with a changed document adds a version", async () => {
    const first = await run(
      doc([{ slug: "login", name: "Login", documents: { requirements: "R1\n", design: "D1\n" } }]),
    );
    expect(first.specs).toEqual([
      { sourceId: "login", name: "Login", action: "create", slug: "login", documents: ["requirements", "design"] },
    ]);
    expect(await texts("login")).toEqual([
      ["requirements", 1, "R1\n"],
      ["design", 1, "D1\n"],
      ["tasks", null, null],
    ]);
    const second = await run(
      doc([{ slug: "login", name: "Login", documents: { requirements: "R1\n", design: "D2\n" } }]),
    );
    expect(second.specs[0]).toMatchObject({ action: "update", slug: "login", documents: ["design"] });
    expect(await texts("login")).toEqual([
      ["requirements", 1, "R1\n"],
      ["design", 2, "D2\n"],
      ["tasks", null, null],
    ]);
    expect((await world.caller.spec.list({ projectId: "WEB" })).items).toHaveLength(1);
    expect(readFileSync(join(world.root, ".maestro", "specs", "login", "design.md"), "utf8")).toBe("D2\n");
  });

  it("leaves out a tasks document Maestro's tasks.md reader refuses, with a warning; its tasks come as tasks", async () => {
    const specKitTasks = "## Phase 1\n- [ ] T001 [P] [US1] Create the model in src/models/album.ts\n";
    const plan = await run(
      doc(
        [{ slug: "albums", name: "Albums", documents: { requirements: "R\n", tasks: specKitTasks } }],
        [{ key: "T001", title: "Create the model", spec: "albums" }],
      ),
    );
    expect(plan.specs[0]).toMatchObject({ action: "create", documents: ["requirements"] });
    expect(plan.warnings).toEqual([
      {
        item: "spec albums",
        message: expect.stringMatching(
          /^its tasks document is not in the form of Maestro's tasks.md \(line 2: .*\): left out, its tasks are imported as tasks$/,
        ),
      },
    ]);
    const [task] = (await world.caller.task.list({ projectId: "WEB" })).items;
    expect(task).toMatchObject({
      title: "Create the model",
      specId: (await world.caller.spec.byId({ id: "WEB/albums" })).id,
    });
  });

  it("links tasks to the items of a tasks document it keeps, so approving that document later adds no copies", async () => {
    const tasksMd = "- [ ] 1. Create the model\n- [ ] 2. Wire it\n  - Depends on: 1\n";
    const tasks = [
      { key: "A-1", title: "Create the model", spec: "albums", specItem: "1" },
      { key: "A-2", title: "Wire it", spec: "albums", specItem: "2", dependsOn: ["A-1"] },
    ];
    const documents = { requirements: "# Requirements\n", design: "# Design\n", tasks: tasksMd };
    const plan = await run(doc([{ slug: "albums", name: "Albums", documents }], tasks));
    expect(plan.warnings).toEqual([]);
    for (const phase of ["requirements", "design", "tasks"] as const) {
      await world.caller.spec.approve({ id: "WEB/albums", phase });
    }
    const after = (await world.caller.task.list({ projectId: "WEB" })).items;
    expect(after.map((task) => task.title)).toEqual(["Create the model", "Wire it"]);
    const exported = JSON.parse((await world.caller.export.run({ projectId: "WEB", format: "json" })).content);
    expect(exported.tasks.map((task: { specItem: string | null }) => task.specItem)).toEqual(["1", "2"]);
  });

  it("a refused import writes no spec, document or steering file", async () => {
    const before = await snapshot(world);
    await expectTrpcError(
      run(
        doc(
          [{ slug: "x", name: "X", documents: { requirements: "R\n" } }],
          [{ key: "A-1", title: "a", dependsOn: ["A-9"] }],
          [{ name: "tech", content: "T" }],
        ),
      ),
      "BAD_REQUEST",
      /task A-1: depends on A-9, which is not in the import/,
    );
    expect(await snapshot(world)).toBe(before);
    expect((await world.caller.spec.list({ projectId: "WEB" })).items).toEqual([]);
    expect((await world.caller.steering.list({ projectId: "WEB" })).items).toEqual([]);
  });

  it("refuses a re-import when a later spec's document was edited on disk, before writing any document (regression: earlier specs' files stayed written)", async () => {
    const specs = (design: string) => [
      { slug: "a", name: "A", documents: { design: `A ${design}\n` } },
      { slug: "b", name: "B", documents: { design: `B ${design}\n` } },
    ];
    await run(doc(specs("one")));
    const file = (slug: string) => join(world.root, ".maestro", "specs", slug, "design.md");
    writeFileSync(file("b"), "B edited by hand\n");
    const before = await snapshot(world);
    await expectTrpcError(
      run(doc(specs("two"))),
      "CONFLICT",
      /^spec b: \.maestro\/specs\/b\/design\.md was changed on disk since version 1; /,
    );
    expect(await snapshot(world)).toBe(before);
    expect(readFileSync(file("a"), "utf8")).toBe("A one\n");
    expect(readFileSync(file("b"), "utf8")).toBe("B edited by hand\n");
  });

  it("refuses steering it could not write after the commit, before writing anything (regression: tasks committed, then an error)", async () => {
    const outside = mkdtempSync(join(tmpdir(), "maestro-steering-out-"));
    try {
      mkdirSync(join(world.root, ".maestro"), { recursive: true });
      symlinkSync(outside, join(world.root, ".maestro", "steering"));
      const before = await snapshot(world);
      await expectTrpcError(
        run(doc([], [{ key: "A-1", title: "a" }], [{ name: "tech", content: "T" }])),
        "FORBIDDEN",
        /steering.tech\.md is outside the project root/,
      );
      expect(await snapshot(world)).toBe(before);
      expect(readdirSync(outside)).toEqual([]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
