import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findExecutable } from "../src/services/session/executable";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "maestro-exec-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function install(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, "#!/bin/sh\n");
  chmodSync(path, 0o755);
  return path;
}

describe("findExecutable", () => {
  it("finds a command on PATH, and not a file that is not executable", () => {
    const tool = install("tool-a");
    writeFileSync(join(dir, "plain"), "");
    expect(findExecutable("tool-a", "/", dir)).toBe(tool);
    expect(findExecutable("plain", "/", dir)).toBeNull();
  });

  it("sees a tool installed right after a miss (misses are not remembered)", () => {
    expect(findExecutable("tool-b", "/", dir)).toBeNull();
    const tool = install("tool-b");
    expect(findExecutable("tool-b", "/", dir)).toBe(tool);
  });

  it("remembers a hit for a few seconds only", () => {
    const tool = install("tool-c");
    const now = Date.now();
    expect(findExecutable("tool-c", "/", dir, now)).toBe(tool);
    rmSync(tool);
    expect(findExecutable("tool-c", "/", dir, now + 1_000)).toBe(tool);
    expect(findExecutable("tool-c", "/", dir, now + 6_000)).toBeNull();
  });
});
