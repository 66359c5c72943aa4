import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_DOCUMENT_BYTES, readContainedFile } from "../src/services/files/contained-file";
import { discoverSkills } from "../src/services/session/skills";
import { readTextFile } from "../src/services/spec/spec-files";
import { readSteeringDocs } from "../src/services/steering/steering-files";
import { type World, expectTrpcError, makeWorld } from "./helpers";

const SECRET = "outside-secret-7f3a";
let dir: string;
let outside: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "maestro-repo-files-"));
  outside = mkdtempSync(join(tmpdir(), "maestro-outside-"));
  writeFileSync(join(outside, "secret.md"), `---\nname: leak\n---\n${SECRET}\n`);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

/** Hostile entries a repository can carry: links to /proc, a device, a file elsewhere; a FIFO; 1 MB. */
function plantHostileFiles(folder: string, fileName: (entry: string) => string): void {
  const place = (entry: string) => {
    const path = join(folder, fileName(entry));
    mkdirSync(join(path, ".."), { recursive: true });
    return path;
  };
  symlinkSync("/proc/self/environ", place("environ"));
  symlinkSync("/dev/zero", place("zero"));
  symlinkSync(join(outside, "secret.md"), place("elsewhere"));
  execFileSync("mkfifo", [place("fifo")]);
  writeFileSync(place("huge"), `---\nname: huge\n---\n${"x".repeat(1024 * 1024)}`);
}

const environMarker = readFileSync("/proc/self/environ", "utf8").split("\0")[0]!;

describe("repository-borne files are data", () => {
  it("reads a regular file inside its folder and refuses everything else with the reason", () => {
    plantHostileFiles(dir, (entry) => `${entry}.md`);
    writeFileSync(join(dir, "plain.md"), "plain");
    expect(readContainedFile(dir, join(dir, "plain.md"))).toEqual({ text: "plain" });
    expect(readContainedFile(dir, join(dir, "missing.md"))).toBeNull();
    expect(readContainedFile(dir, join(dir, "environ.md"))).toMatchObject({ reason: "outside" });
    expect(readContainedFile(dir, join(dir, "zero.md"))).toMatchObject({ reason: "outside" });
    expect(readContainedFile(dir, join(dir, "elsewhere.md"))).toMatchObject({ reason: "outside" });
    expect(readContainedFile(dir, join(dir, "fifo.md"))).toMatchObject({ reason: "not-a-file" });
    expect(readContainedFile(dir, join(dir, "huge.md"))).toEqual({
      refused: `${join(dir, "huge.md")} is over the 256 KB limit for repository documents`,
      reason: "too-large",
    });
    expect(MAX_DOCUMENT_BYTES).toBe(256 * 1024);
  });

  it("discovers no skill from a link out of the skills folder, a device, a FIFO or a 1 MB file", () => {
    plantHostileFiles(join(dir, ".maestro", "skills"), (entry) => join(entry, "SKILL.md"));
    const { skills, refused } = discoverSkills(dir);
    const text = JSON.stringify(skills);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(environMarker);
    expect(skills.map((skill) => skill.name)).not.toEqual(expect.arrayContaining(["leak", "huge"]));
    expect(refused.map((entry) => entry.name).sort()).toEqual(["elsewhere", "environ", "fifo", "huge", "zero"]);
  });

  it("puts no steering document that is a link out, a device or too large into the prompt", () => {
    plantHostileFiles(join(dir, ".maestro", "steering"), (entry) => `${entry}.md`);
    writeFileSync(join(dir, ".maestro", "steering", "tech.md"), "We use TypeScript.");
    expect(readSteeringDocs(dir)).toEqual([{ name: "tech.md", text: "We use TypeScript." }]);
  });

  it("refuses a spec file over the cap with a message naming the file and the cap", () => {
    const spec = join(dir, ".maestro", "specs", "s");
    plantHostileFiles(spec, (entry) => `${entry}.md`);
    expect(() => readTextFile(dir, join(spec, "huge.md"))).toThrow(/huge\.md is over the 256 KB limit/);
    expect(() => readTextFile(dir, join(spec, "environ.md"))).toThrow(/outside the project root/);
    expect(readTextFile(dir, join(spec, "fifo.md"))).toBeNull();
  });
});

describe("a session's prompt", () => {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld();
    await world.caller.project.create({ name: "Web", rootDir: dir, key: "WEB" });
    await world.caller.task.create({ projectId: "WEB", title: "Build it" });
  });
  afterEach(async () => await world.close());

  it("refuses a skill linked to /proc/self/environ with a clear message, and the server goes on", async () => {
    plantHostileFiles(join(dir, ".maestro", "skills"), (entry) => join(entry, "SKILL.md"));
    plantHostileFiles(join(dir, ".maestro", "steering"), (entry) => `${entry}.md`);
    await world.caller.agent.add({ name: "nosy", adapter: "custom", command: ["/bin/echo"], skills: ["environ"] });
    await expectTrpcError(
      world.caller.session.start({ taskIds: ["WEB-1"], agent: "nosy" }),
      "BAD_REQUEST",
      /skill "environ" cannot be read: .*SKILL\.md leads outside/,
    );
    await world.caller.agent.add({ name: "plain", adapter: "custom", command: ["/bin/echo"] });
    const session = await world.caller.session.start({ taskIds: ["WEB-1"], agent: "plain" });
    expect(session.prompt).not.toContain(SECRET);
    expect(session.prompt).not.toContain(environMarker);
  });
});
