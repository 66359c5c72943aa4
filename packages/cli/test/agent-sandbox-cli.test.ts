import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningServer, startServer } from "@maestro/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Io } from "../src/output";
import { runCli } from "../src/program";

let server: RunningServer;
let home: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "maestro-cli-sandbox-"));
  server = await startServer({ home, host: "127.0.0.1", port: 0, log: () => {} });
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

async function maestro(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  const code = await runCli(argv, io, { MAESTRO_URL: server.url, MAESTRO_TOKEN: server.token });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe("maestro agent add|update --sandbox --network", () => {
  it("adds a sandboxed, offline profile and shows it so", async () => {
    const added = await maestro(
      "agent",
      "add",
      "boxed",
      "--adapter",
      "shell",
      "--sandbox",
      "bwrap",
      "--network",
      "off",
    );
    expect(added).toMatchObject({ code: 0, stderr: "" });
    const shown = await maestro("agent", "show", "boxed", "--json");
    expect(JSON.parse(shown.stdout)).toMatchObject({ sandbox: "bwrap", network: "off" });
    expect((await maestro("agent", "list")).stdout).toMatch(/boxed .*bwrap, network off/);
  });

  it("defaults to no sandbox and the network on", async () => {
    await maestro("agent", "add", "plain", "--adapter", "shell");
    const shown = JSON.parse((await maestro("agent", "show", "plain", "--json")).stdout);
    expect(shown).toMatchObject({ sandbox: "none", network: "on" });
  });

  it("refuses the network off without a sandbox, naming the field", async () => {
    const added = await maestro("agent", "add", "leaky", "--adapter", "shell", "--network", "off");
    expect(added.code).toBe(1);
    expect(added.stderr).toMatch(/network.*sandbox "bwrap"/);
    const updated = await maestro("agent", "update", "boxed", "--sandbox", "none");
    expect(updated.code).toBe(1);
    expect(updated.stderr).toMatch(/network.*sandbox "bwrap"/);
  });

  it("updates both, and a built-in profile too", async () => {
    const updated = await maestro("agent", "update", "boxed", "--sandbox", "none", "--network", "on", "--json");
    expect(JSON.parse(updated.stdout)).toMatchObject({ sandbox: "none", network: "on" });
    const builtIn = await maestro("agent", "update", "claude-code", "--sandbox", "bwrap", "--json");
    expect(JSON.parse(builtIn.stdout)).toMatchObject({ name: "claude-code", sandbox: "bwrap", network: "on" });
  });
});
