import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, until } from "./live";

// `maestro serve` in text (the default) with its output going to a file or a journal, as under
// systemd without MAESTRO_LOG_FORMAT=json: a one-time sign-in link there is an owner's session
// for whoever reads the log first. A terminal still gets the link.

const BIN = fileURLToPath(new URL("../bin/maestro.js", import.meta.url));
let home: string;

afterEach(() => rmSync(home, { recursive: true, force: true }));

describe("maestro serve in text, not on a terminal", () => {
  it("says it runs and how to get a sign-in link, without printing one", async () => {
    home = mkdtempSync(join(tmpdir(), "maestro-text-log-"));
    const port = await freePort();
    const serve = spawn(process.execPath, [BIN, "serve", "--port", String(port), "--home", home], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, MAESTRO_LOG_FORMAT: "text" },
    });
    let output = "";
    serve.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    serve.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | string | null>((resolve) =>
      serve.once("exit", (code, signal) => resolve(code ?? signal)),
    );
    try {
      await until("serve to say it runs", () => (output.includes("press Ctrl+C") ? true : undefined), 60_000);
      expect(output).toContain("Maestro is running");
      expect(output).toContain("maestro dashboard");
      expect(output).not.toContain("#code=");
    } finally {
      serve.kill("SIGTERM");
      await exited;
    }
  }, 90_000);
});
