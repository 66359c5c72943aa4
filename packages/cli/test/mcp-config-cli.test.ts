import { MCP_CONFIG_AGENTS } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import type { CliEnv } from "../src/env";
import type { McpSetup } from "../src/mcp-setup";
import type { Io } from "../src/output";
import { runCli } from "../src/program";
import { maestroBinPath } from "../src/workspace";

// Nothing listens here: `mcp config` only prints, it never calls the server.
const URL = "http://127.0.0.1:1";
const CANARY = "maestro-owner-token-canary";

async function maestro(argv: string[], env: CliEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  const code = await runCli(argv, io, { MAESTRO_URL: URL, MAESTRO_TOKEN: CANARY, ...env });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

async function setupOf(argv: string[], env: CliEnv = {}): Promise<McpSetup> {
  const { code, stdout, stderr } = await maestro(["mcp", "config", ...argv, "--json"], env);
  expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  return JSON.parse(stdout) as McpSetup;
}

/** This install, run by absolute paths: works from any project without `maestro` on PATH. */
const SERVER = {
  command: process.execPath,
  args: [maestroBinPath(), "mcp", "--url", URL, "--tools", "core"],
};

describe("maestro mcp config", () => {
  it("prints Claude Code's .mcp.json entry and the `claude mcp add` command, running this install's `maestro mcp`", async () => {
    const setup = await setupOf(["--agent", "claude-code"]);
    expect(setup).toMatchObject({ agent: "claude-code", tools: "core", server: { ...SERVER, env: {} } });
    expect(JSON.parse(setup.snippet)).toEqual({ mcpServers: { maestro: { type: "stdio", ...SERVER } } });
    expect(setup.addCommand).toBe(
      `claude mcp add --scope user maestro -- ${process.execPath} ${maestroBinPath()} mcp --url ${URL} --tools core`,
    );
    const human = await maestro(["mcp", "config", "--agent", "claude-code"]);
    expect(human.stdout).toContain(setup.snippet);
    expect(human.stdout).toContain(setup.addCommand!);
  });

  it("prints Codex's config.toml table, passing MAESTRO_TOKEN on by name (Codex gives a server a base environment only)", async () => {
    // `maestro mcp` has a --tools and a --json of its own: after `config` they are config's.
    const setup = await setupOf(["--agent", "codex", "--tools", "all"]);
    expect(setup.snippet.split("\n")).toEqual([
      "[mcp_servers.maestro]",
      `command = "${process.execPath}"`,
      `args = ["${maestroBinPath()}", "mcp", "--url", "${URL}", "--tools", "all"]`,
      'env_vars = ["MAESTRO_TOKEN"]',
    ]);
    expect(setup.addCommand).toBeNull();
    // The human output is TOML as a whole (its notes are comments): it can be appended to the file.
    const human = await maestro(["mcp", "config", "--agent", "codex"]);
    expect(
      human.stdout.split("\n").filter((line) => line && !line.startsWith("#") && !/^\w+ = |^\[/.test(line)),
    ).toEqual([]);
  });

  it("prints Gemini CLI's mcpServers entry; --command names another maestro", async () => {
    const setup = await setupOf(["--agent", "gemini", "--command", "maestro"]);
    expect(JSON.parse(setup.snippet)).toEqual({
      mcpServers: { maestro: { command: "maestro", args: ["mcp", "--url", URL, "--tools", "core"] } },
    });
  });

  it("passes a MAESTRO_HOME other than ~/.maestro on (where the token is), quoted for the shell where needed", async () => {
    const env = { MAESTRO_HOME: "/srv/my maestro" };
    const claude = await setupOf(["--agent", "claude-code"], env);
    expect(claude.server.env).toEqual(env);
    expect(claude.addCommand).toContain(" maestro -e 'MAESTRO_HOME=/srv/my maestro' -- ");
    expect((await setupOf(["--agent", "codex"], env)).snippet).toContain('env = { MAESTRO_HOME = "/srv/my maestro" }');
    expect(JSON.parse((await setupOf(["--agent", "gemini"], env)).snippet).mcpServers.maestro.env).toEqual(env);
  });

  it("never prints a token, in any form", async () => {
    for (const agent of MCP_CONFIG_AGENTS) {
      for (const json of [[], ["--json"]]) {
        const { stdout, stderr } = await maestro(["mcp", "config", "--agent", agent, ...json]);
        expect(stdout + stderr).not.toContain(CANARY);
      }
    }
  });

  it.each([
    [
      "an unknown agent",
      ["--agent", "cursor"],
      /--agent <agent>.*'cursor' is invalid\. must be one of claude-code, codex, gemini/,
    ],
    ["no agent", [], /required option '--agent <agent>'/],
    [
      "an unknown tier",
      ["--agent", "codex", "--tools", "most"],
      /--tools <tier>.*'most' is invalid\. must be one of core, all/,
    ],
  ])("%s is a usage error naming the flag (exit 2)", async (_name, argv, message) => {
    const { code, stdout, stderr } = await maestro(["mcp", "config", ...argv]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe("");
  });
});
