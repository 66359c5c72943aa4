import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MaestroEvent } from "@maestro/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createContextInner } from "../src/context";
import { type SpecSync, startSpecSync } from "../src/services/spec/spec-watcher";
import { type World, makeWorld } from "./helpers";
import { REQUIREMENTS, TASKS } from "./spec-fixtures";

let world: World;
let root: string;
let sync: SpecSync | undefined;
const logged: string[] = [];

beforeEach(async () => {
  world = await makeWorld("ann");
  root = mkdtempSync(join(tmpdir(), "maestro-spec-files-"));
  logged.length = 0;
  await world.caller.project.create({ name: "Web", rootDir: root, key: "WEB" });
});
afterEach(async () => {
  sync?.stop();
  sync = undefined;
  await world.close();
  rmSync(root, { recursive: true, force: true });
});

async function start(): Promise<SpecSync> {
  const ctx = (actor: string) => createContextInner({ ...world.ctx, actor });
  sync = await startSpecSync(ctx("disk"), ctx("system"), { log: (line) => logged.push(line), debounceMs: 50 });
  return sync;
}

/** Resolves with the first event that matches, or rejects after `ms`. */
function nextEvent(predicate: (event: MaestroEvent) => boolean, ms = 1_000): Promise<MaestroEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      remove();
      reject(new Error(`no matching event within ${ms} ms (log: ${logged.join("; ")})`));
    }, ms);
    const remove = world.events.onEvent((event) => {
      if (!predicate(event)) return;
      clearTimeout(timer);
      remove();
      resolve(event);
    });
  });
}

const file = (phase: string) => join(root, ".maestro/specs/login", `${phase}.md`);

describe("spec files", () => {
  it("turns a disk edit into a new version within a second, published live", async () => {
    const spec = await world.caller.spec.create({ projectId: "WEB", name: "Login" });
    await world.caller.spec.edit({ id: spec.id, phase: "requirements", text: REQUIREMENTS });
    await start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const versioned = nextEvent((event) => event.kind === "spec.versioned");
    writeFileSync(file("requirements"), `${REQUIREMENTS}\n### Requirement 3: Audit\n1. THE SYSTEM SHALL log\n`);
    const event = await versioned;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(event).toMatchObject({ actor: "disk", payload: { phase: "requirements", version: 2, source: "disk" } });
    const detail = await world.caller.spec.byId({ id: spec.id });
    expect(detail.phases[0]).toMatchObject({ version: 2, author: "disk" });
    expect(detail.phases[0]!.text).toContain("Requirement 3");
  });

  it("picks up edits made while the server was down, and ignores its own writes", { timeout: 15_000 }, async () => {
    const spec = await world.caller.spec.create({ projectId: "WEB", name: "Login" });
    await world.caller.spec.edit({ id: spec.id, phase: "design", text: "# Design\n" });
    writeFileSync(file("design"), "# Design, edited offline\n");
    await start();
    expect((await world.caller.spec.versions({ id: spec.id, phase: "design" })).items.map((v) => v.author)).toEqual([
      "disk",
      "ann",
    ]);
    await world.caller.spec.edit({ id: spec.id, phase: "design", text: "# Design 3\n" });
    // A hand edit of another document after it: once the watcher has made that a version, it has
    // also had its turn at our own write (seen before it, debounced as long).
    const marker = nextEvent(
      (event) => event.kind === "spec.versioned" && event.payload.phase === "requirements",
      5_000,
    );
    writeFileSync(file("requirements"), REQUIREMENTS);
    expect(await marker).toMatchObject({ actor: "disk", payload: { source: "disk" } });
    expect((await world.caller.spec.versions({ id: spec.id, phase: "design" })).items.map((v) => v.version)).toEqual([
      3, 2, 1,
    ]);
  });

  it("ticks a task's box when it is done, and closes the spec when all are", async () => {
    const spec = await world.caller.spec.create({ projectId: "WEB", name: "Login" });
    await world.caller.spec.edit({ id: spec.id, phase: "requirements", text: REQUIREMENTS });
    await world.caller.spec.edit({ id: spec.id, phase: "design", text: "# Design\n" });
    await world.caller.spec.edit({ id: spec.id, phase: "tasks", text: TASKS });
    for (const phase of ["requirements", "design", "tasks"] as const) {
      await world.caller.spec.approve({ id: spec.id, phase });
    }
    await start();
    const ticked = nextEvent((event) => event.kind === "spec.versioned" && event.payload.phase === "tasks");
    await world.caller.task.update({ id: "WEB-2", status: "done" });
    await ticked;
    expect(readFileSync(file("tasks"), "utf8")).toContain("  - [x] 1.1 Migration");
    const detail = await world.caller.spec.byId({ id: spec.id });
    expect(detail.phases[2]).toMatchObject({ reviewState: "approved", version: 2, author: "maestro" });
    const done = nextEvent((event) => event.kind === "spec.updated" && event.payload.spec.status === "done");
    for (const key of ["WEB-3", "WEB-1", "WEB-4"]) await world.caller.task.update({ id: key, status: "done" });
    await done;
    await expect.poll(() => readFileSync(file("tasks"), "utf8"), { timeout: 1_000 }).not.toContain("[ ]");
    expect(await world.caller.spec.byId({ id: spec.id })).toMatchObject({ phase: "done", status: "done" });
  });
});
