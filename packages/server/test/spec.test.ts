import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { insertTask } from "@maestro/db";
import { TRACE_TASKS_SHOWN } from "@maestro/domain";
import { createContextInner } from "../src/context";
import { appRouter } from "../src/routers/app";
import { createCallerFactory } from "../src/trpc";
import { type World, expectTrpcError, makeWorld, snapshot } from "./helpers";
import { REQUIREMENTS, TASKS } from "./spec-fixtures";

let world: World;
let root: string;
beforeEach(async () => {
  world = await makeWorld("ann");
  root = mkdtempSync(join(tmpdir(), "maestro-spec-"));
  await world.caller.project.create({ name: "Web", rootDir: root, key: "WEB" });
});
afterEach(async () => {
  await world.close();
  rmSync(root, { recursive: true, force: true });
});

/** A caller acting as someone else over the same database. */
function as(actor: string) {
  return createCallerFactory(appRouter)(createContextInner({ ...world.ctx, actor }));
}

async function specWithDocs(requiredApprovals?: number) {
  const spec = await world.caller.spec.create({
    projectId: "WEB",
    name: "Login",
    request: "let people sign in",
    requiredApprovals,
  });
  await world.caller.spec.edit({ id: spec.id, phase: "requirements", text: REQUIREMENTS });
  await world.caller.spec.edit({ id: spec.id, phase: "design", text: "# Design\nSessions in a table.\n" });
  await world.caller.spec.edit({ id: spec.id, phase: "tasks", text: TASKS });
  return spec;
}

describe("spec gates", () => {
  it("creates a spec with a slug, in the requirements phase, mirrored to disk on edit", async () => {
    const spec = await specWithDocs();
    expect(spec).toMatchObject({
      slug: "login",
      phase: "requirements",
      status: "active",
      request: "let people sign in",
    });
    const detail = await world.caller.spec.byId({ id: "login" });
    expect(detail.phases.map((p) => [p.phase, p.version, p.reviewState, p.requiredApprovals])).toEqual([
      ["requirements", 1, "draft", 1],
      ["design", 1, "draft", 1],
      ["tasks", 1, "draft", 1],
    ]);
    expect(detail.lint).toEqual([]);
    expect(readFileSync(join(root, ".maestro/specs/login/tasks.md"), "utf8")).toBe(TASKS);
    expect((await world.caller.spec.byId({ id: "WEB/login" })).id).toBe(spec.id);
  });

  it("refuses approving out of order, and approving without a document, writing nothing", async () => {
    const spec = await world.caller.spec.create({ projectId: "WEB", name: "Login" });
    await expectTrpcError(
      world.caller.spec.approve({ id: spec.id, phase: "requirements" }),
      "PRECONDITION_FAILED",
      /has no document yet/,
    );
    await world.caller.spec.edit({ id: spec.id, phase: "requirements", text: REQUIREMENTS });
    await world.caller.spec.edit({ id: spec.id, phase: "design", text: "# Design\n" });
    const before = await snapshot(world);
    await expectTrpcError(
      world.caller.spec.approve({ id: spec.id, phase: "design" }),
      "PRECONDITION_FAILED",
      /cannot approve the design phase before the requirements phase is approved/,
    );
    expect(await snapshot(world)).toBe(before);
  });

  it("needs N approvals from different actors and refuses the same actor twice", async () => {
    const spec = await specWithDocs(2);
    await world.caller.spec.submit({ id: spec.id });
    const once = await world.caller.spec.approve({ id: spec.id, comment: "looks right" });
    expect(once.phases[0]).toMatchObject({ reviewState: "in_review", approvals: 1 });
    expect(once.phase).toBe("requirements");
    await expectTrpcError(
      world.caller.spec.approve({ id: spec.id }),
      "CONFLICT",
      /ann already approved version 1 of the requirements phase/,
    );
    const twice = await as("bob").spec.approve({ id: spec.id });
    expect(twice.phases[0]).toMatchObject({ reviewState: "approved", approvals: 2 });
    expect(twice.phase).toBe("design");
    const detail = await world.caller.spec.byId({ id: spec.id });
    expect(detail.phases[0]!.approvals.map((a) => [a.actor, a.comment])).toEqual([
      ["ann", "looks right"],
      ["bob", ""],
    ]);
  });

  it("records every transition as an event with its actor", async () => {
    const spec = await specWithDocs();
    await world.caller.spec.submit({ id: spec.id });
    await world.caller.spec.reject({ id: spec.id, comment: "number the criteria" });
    await world.caller.spec.edit({ id: spec.id, phase: "requirements", text: `${REQUIREMENTS}\n` });
    await world.caller.spec.approve({ id: spec.id });
    const { items: events } = await world.caller.event.list({ entityId: spec.id, limit: 50 });
    expect(events.map((e) => e.kind)).toEqual([
      "spec.created",
      "spec.versioned",
      "spec.versioned",
      "spec.versioned",
      "spec.reviewed",
      "spec.reviewed",
      "spec.versioned",
      "spec.reviewed",
      "spec.updated",
    ]);
    expect(events.every((e) => e.actor === "ann" && e.entity === "spec")).toBe(true);
    const review = events.find((e) => e.kind === "spec.reviewed" && e.payload.review.kind === "change_request");
    expect(review?.kind === "spec.reviewed" && review.payload.review.comment).toBe("number the criteria");
  });

  it("approving the tasks phase creates tasks, subtasks, dependencies and requirement links in one go", async () => {
    const spec = await specWithDocs();
    for (const phase of ["requirements", "design", "tasks"] as const) {
      await world.caller.spec.approve({ id: spec.id, phase });
    }
    const tasks = (await world.caller.task.list({ projectId: "WEB" })).items;
    const byTitle = Object.fromEntries(tasks.map((t) => [t.title, t]));
    expect(tasks.map((t) => t.title)).toEqual(["Data model", "Migration", "Repository", "Sign-in API"]);
    expect(byTitle["Migration"]).toMatchObject({
      parentId: byTitle["Data model"]!.id,
      requirementIds: ["1.1"],
      specId: spec.id,
    });
    expect(byTitle["Repository"]!.dependsOn).toEqual([byTitle["Migration"]!.id]);
    expect(byTitle["Sign-in API"]!.dependsOn).toEqual([byTitle["Data model"]!.id]);
    expect((await world.caller.spec.byId({ id: spec.id })).phase).toBe("implementation");
    const trace = await world.caller.spec.traceability({ id: spec.id });
    expect(trace.uncovered).toEqual(["2", "2.1"]);
    expect(trace.requirements.find((r) => r.id === "1.2")?.tasks.map((t) => t.title)).toEqual(["Repository"]);

    // Re-approving an edited tasks.md updates the linked tasks and adds the new one, never duplicating.
    const edited = TASKS.replace("Sign-in API", "Sign-in endpoint") + "- [ ] 3. Docs\n  _Requirements: 2.1_\n";
    const preview = await world.caller.spec.tasksPreview({ id: spec.id, text: edited });
    expect(preview).toMatchObject({ create: 1, update: 4, errors: [], warnings: [] });
    await world.caller.spec.edit({ id: spec.id, phase: "tasks", text: edited });
    expect((await world.caller.spec.byId({ id: spec.id })).phases[2]!.reviewState).toBe("draft");
    await world.caller.spec.approve({ id: spec.id, phase: "tasks" });
    const after = (await world.caller.task.list({ projectId: "WEB" })).items;
    expect(after.map((t) => t.title)).toEqual(["Data model", "Migration", "Repository", "Sign-in endpoint", "Docs"]);
    expect(after.find((t) => t.title === "Sign-in endpoint")!.key).toBe(byTitle["Sign-in API"]!.key);
  });

  it("lists at most TRACE_TASKS_SHOWN tasks a requirement row, in board order, and counts them all", async () => {
    const spec = await specWithDocs();
    const project = await world.caller.project.byId({ id: "WEB" });
    const count = TRACE_TASKS_SHOWN + 5;
    await world.database.transaction(async (tx) => {
      for (let number = 1; number <= count; number++) {
        const fields = { title: `t${number}`, description: "", status: "todo" as const, rank: number, parentId: null };
        const planned = { specId: spec.id, requirementIds: ["1.1"] };
        await insertTask(tx, { ...fields, ...planned, projectId: project.id, projectKey: "WEB", number });
      }
    });
    const trace = await world.caller.spec.traceability({ id: spec.id });
    for (const id of ["1", "1.1"]) {
      const row = trace.requirements.find((r) => r.id === id)!;
      expect(row.taskCount).toBe(count);
      expect(row.tasks.map((t) => t.title)).toEqual(Array.from({ length: TRACE_TASKS_SHOWN }, (_, i) => `t${i + 1}`));
    }
    expect(trace.requirements.find((r) => r.id === "2")).toMatchObject({ tasks: [], taskCount: 0 });
  });

  it("refuses a tasks.md with a cycle, naming it, and changes nothing", async () => {
    const spec = await specWithDocs();
    const before = await snapshot(world);
    const cyclic = "- [ ] 1. A\n  _Depends: 2_\n- [ ] 2. B\n  _Depends: 1_\n";
    const error = await expectTrpcError(
      world.caller.spec.edit({ id: spec.id, phase: "tasks", text: cyclic }),
      "BAD_REQUEST",
      /dependency cycle: 1 → 2 → 1/,
    );
    expect(error.cause).toMatchObject({ code: "DEPENDENCY_CYCLE" });
    expect(await snapshot(world)).toBe(before);
    expect((await world.caller.spec.tasksPreview({ id: spec.id, text: cyclic })).errors[0]?.message).toBe(
      "dependency cycle: 1 → 2 → 1",
    );
  });

  it("refuses an edit based on an old version, or over an unsynced disk edit", async () => {
    const spec = await specWithDocs();
    await expectTrpcError(
      world.caller.spec.edit({ id: spec.id, phase: "design", text: "x", baseVersion: 0 }),
      "CONFLICT",
      /is at version 1, not 0/,
    );
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(root, ".maestro/specs/login/design.md"), "# Design edited on disk\n");
    await expectTrpcError(
      world.caller.spec.edit({ id: spec.id, phase: "design", text: "# Mine\n", baseVersion: 1 }),
      "CONFLICT",
      /changed on disk since version 1/,
    );
    const synced = await world.caller.spec.sync({ id: spec.id });
    expect(synced.created).toEqual([{ phase: "design", version: 2 }]);
    const { items: versions } = await world.caller.spec.versions({ id: spec.id, phase: "design" });
    expect(versions.map((v) => [v.version, v.author, v.source])).toEqual([
      [2, "disk", "disk"],
      [1, "ann", "api"],
    ]);
    const diff = await world.caller.spec.diff({ id: spec.id, phase: "design", from: 1 });
    expect(diff).toMatchObject({ from: 1, to: 2, added: 1, removed: 2 });
  });

  it("refuses a sync whose tasks.md has a cycle, changing nothing", async () => {
    const spec = await specWithDocs();
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(root, ".maestro/specs/login/requirements.md"), `${REQUIREMENTS}\n3. extra\n`);
    writeFileSync(join(root, ".maestro/specs/login/tasks.md"), "- [ ] 1. A\n  _Depends: 1_\n");
    const before = await snapshot(world);
    await expectTrpcError(world.caller.spec.sync({ id: spec.id }), "BAD_REQUEST", /tasks\.md: dependency cycle: 1 → 1/);
    expect(await snapshot(world)).toBe(before);
  });

  it("refuses a steering write over a change made since the editor loaded it", async () => {
    await world.caller.steering.write({ projectId: "WEB", name: "tech.md", text: "v1\n", baseText: null });
    await expectTrpcError(
      world.caller.steering.write({ projectId: "WEB", name: "tech.md", text: "again\n", baseText: null }),
      "CONFLICT",
      /tech\.md changed since you opened it/,
    );
    writeFileSync(join(root, ".maestro/steering/tech.md"), "edited on disk\n");
    await expectTrpcError(
      world.caller.steering.write({ projectId: "WEB", name: "tech.md", text: "mine\n", baseText: "v1\n" }),
      "CONFLICT",
    );
    expect((await world.caller.steering.read({ projectId: "WEB", name: "tech.md" })).text).toBe("edited on disk\n");
    await world.caller.steering.write({
      projectId: "WEB",
      name: "tech.md",
      text: "mine\n",
      baseText: "edited on disk\n",
    });
    expect((await world.caller.steering.read({ projectId: "WEB", name: "tech.md" })).text).toBe("mine\n");
  });

  it("keeps steering documents inside the project root", async () => {
    await world.caller.steering.write({ projectId: "WEB", name: "product.md", text: "# Product\n" });
    expect((await world.caller.steering.list({ projectId: "WEB" })).items).toMatchObject([
      { name: "product.md", size: 10 },
    ]);
    expect((await world.caller.steering.read({ projectId: "WEB", name: "product.md" })).text).toBe("# Product\n");
    await expectTrpcError(
      world.caller.steering.read({ projectId: "WEB", name: "../secret.md" }),
      "BAD_REQUEST",
      /name: must be a file name/,
    );
    const outside = mkdtempSync(join(tmpdir(), "maestro-outside-"));
    rmSync(join(root, ".maestro/steering"), { recursive: true });
    symlinkSync(outside, join(root, ".maestro/steering"));
    await expectTrpcError(
      world.caller.steering.write({ projectId: "WEB", name: "x.md", text: "x" }),
      "FORBIDDEN",
      /outside the project root/,
    );
    expect(existsSync(join(outside, "x.md"))).toBe(false);
    rmSync(outside, { recursive: true, force: true });
  });
});
