import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type World, expectTrpcError, makeWorld } from "./helpers";

let world: World;
let root: string;
let outside: string;
let steering: string;
beforeEach(async () => {
  world = await makeWorld();
  root = mkdtempSync(join(tmpdir(), "maestro-steering-"));
  outside = mkdtempSync(join(tmpdir(), "maestro-outside-"));
  steering = join(root, ".maestro", "steering");
  mkdirSync(steering, { recursive: true });
  writeFileSync(join(steering, "tech.md"), "We use TypeScript.\n");
  writeFileSync(join(outside, "secret.md"), "THE SECRET\n");
  await world.caller.project.create({ name: "Web", rootDir: root, key: "WEB" });
  await world.caller.task.create({ projectId: "WEB", title: "Build it" });
  await world.caller.agent.add({ name: "script", adapter: "custom", command: ["/bin/echo", "{promptFile}"] });
});
afterEach(async () => {
  await world.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const prompt = async () => (await world.caller.session.preview({ taskIds: ["WEB-1"], agent: "script" })).prompt;
const names = async () => (await world.caller.steering.list({ projectId: "WEB" })).items.map((doc) => doc.name);

describe("steering documents", () => {
  it("never reads a symlinked .md that points outside the project into a prompt", async () => {
    symlinkSync(join(outside, "secret.md"), join(steering, "leak.md"));
    expect(await prompt()).toContain("## tech.md\nWe use TypeScript.");
    expect(await prompt()).not.toContain("THE SECRET");
    expect(await names()).toEqual(["tech.md"]);
    await expectTrpcError(
      world.caller.steering.read({ projectId: "WEB", name: "leak.md" }),
      "FORBIDDEN",
      /outside the project root/,
    );
  });

  it("never reads a steering folder that is a link out of the project", async () => {
    rmSync(steering, { recursive: true });
    symlinkSync(outside, steering);
    expect(await prompt()).not.toContain("THE SECRET");
    expect(await names()).toEqual([]);
    await expectTrpcError(world.caller.steering.read({ projectId: "WEB", name: "secret.md" }), "FORBIDDEN");
  });

  it("reads a link that stays inside the project, like the file it names", async () => {
    writeFileSync(join(root, "NOTES.md"), "Notes kept at the root.\n");
    symlinkSync(join(root, "NOTES.md"), join(steering, "notes.md"));
    expect(await prompt()).toContain("## notes.md\nNotes kept at the root.");
    expect(await names()).toEqual(["notes.md", "tech.md"]);
    expect((await world.caller.steering.read({ projectId: "WEB", name: "notes.md" })).text).toBe(
      "Notes kept at the root.\n",
    );
  });

  it("passes over what is not a regular file", async () => {
    mkdirSync(join(steering, "folder.md"));
    expect(await names()).toEqual(["tech.md"]);
    expect(await prompt()).not.toContain("## folder.md");
    await expectTrpcError(world.caller.steering.read({ projectId: "WEB", name: "folder.md" }), "NOT_FOUND");
  });
});
