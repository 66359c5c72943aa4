import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, until } from "./live";

// Regression (found by the chaos suite, R6): `serve` answered /healthz before it listened for
// SIGTERM, so a stop while its runner was still starting killed it outright (no exit 0, no
// clean close). A supervisor stopping a fresh start hits exactly that window.

const BIN = fileURLToPath(new URL("../bin/maestro.js", import.meta.url));
let home: string;

afterEach(() => rmSync(home, { recursive: true, force: true }));

/** Live `maestro runner` processes of this home (found in /proc by their command line). */
function runnersOf(dir: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number)
    .filter((pid) => pid !== process.pid);
}

describe("SIGTERM while serve is still starting", () => {
  it("waits for the start to finish, then shuts down cleanly with exit 0 and leaves no runner", async () => {
    home = mkdtempSync(join(tmpdir(), "maestro-early-term-"));
    const port = await freePort();
    const serve = spawn(process.execPath, [BIN, "serve", "--port", String(port), "--home", home], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    serve.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    serve.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | string | null>((resolve) =>
      serve.once("exit", (code, signal) => resolve(code ?? signal)),
    );
    await until(
      "the server to answer",
      () =>
        fetch(`http://127.0.0.1:${port}/healthz`).then(
          (res) => (res.ok ? true : undefined),
          () => undefined,
        ),
      30_000,
    );
    // The API answers before the runner is up: this is the window under test.
    expect(output).not.toContain("Maestro is running");
    serve.kill("SIGTERM");

    expect(await exited).toBe(0);
    expect(output).toContain("received SIGTERM, shutting down…");
    await until("no runner left", () => (runnersOf(home).length === 0 ? true : undefined), 10_000);
  }, 60_000);
});
