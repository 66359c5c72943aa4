import { describe, expect, it } from "vitest";
import { AGENT_ADAPTERS, MCP_CORE_TOOLS, MCP_TOOLS, McpToolTier, buildLaunch, mcpToolsOf } from "../src/index";
import { LAUNCH_CTX, builtInProfile as profile } from "./launch-fixtures";

const mcp = { configFile: "/tmp/s/mcp.json" };
const ctx = { ...LAUNCH_CTX, mcp };

const CORE_RULES = [
  "mcp__maestro__get_task",
  "mcp__maestro__report",
  "mcp__maestro__create_task",
  "mcp__maestro__list_tasks",
  "mcp__maestro__get_spec",
];

describe("Maestro's MCP server in an agent's launch", () => {
  it("gives Claude Code a config file running `maestro mcp` over stdio, only that server, its core tools allowed", () => {
    const launch = buildLaunch(profile("claude-code", { args: ["--max-turns", "5"] }), ctx);
    expect(launch.argv).toEqual([
      ...["claude", "-p", "--output-format", "stream-json", "--verbose"],
      ...["--permission-mode", "acceptEdits", `--allowedTools=${["Bash(maestro *)", ...CORE_RULES].join(",")}`],
      ...["--mcp-config", "/tmp/s/mcp.json", "--strict-mcp-config"],
      ...["--max-turns", "5"],
    ]);
    // The file holds no token: Claude Code hands its environment (the session's) to a stdio server.
    expect(launch.mcpConfig).toEqual({
      mcpServers: { maestro: { type: "stdio", command: "maestro", args: ["mcp", "--tools", "core"] } },
    });
    const resumed = buildLaunch(profile("claude-code"), { ...ctx, resumeId: "conv-1" }).argv;
    expect(resumed.slice(5, 7)).toEqual(["--resume", "conv-1"]);
    expect(resumed).toContain("--strict-mcp-config");
  });

  it("gives Codex the same server with -c, forwarding the session's variables by name, before the profile's own -c", () => {
    const argv = buildLaunch(profile("codex", { args: ["-c", 'mcp_servers.maestro.args=["mcp","--tools","all"]'] }), {
      ...ctx,
      resumeId: "t-1",
    }).argv;
    const flags = [
      'mcp_servers.maestro.command="maestro"',
      'mcp_servers.maestro.args=["mcp","--tools","core"]',
      'mcp_servers.maestro.env_vars=["MAESTRO_URL","MAESTRO_TOKEN","MAESTRO_SESSION_ID","MAESTRO_PROJECT_ID","MAESTRO_TASK_ID","MAESTRO_TASK_IDS"]',
      'mcp_servers.maestro.default_tools_approval_mode="approve"',
      "mcp_servers.maestro.required=true",
      "mcp_servers.maestro.startup_timeout_sec=30",
    ].flatMap((flag) => ["-c", flag]);
    const start = argv.indexOf('mcp_servers.maestro.command="maestro"') - 1;
    expect(argv.slice(start, start + flags.length)).toEqual(flags);
    // Codex takes the last -c of a key: a profile may widen the tier; options stay before `resume`.
    expect(argv.slice(start + flags.length)).toEqual([
      ...["-c", 'mcp_servers.maestro.args=["mcp","--tools","all"]'],
      ...["resume", "t-1", "-"],
    ]);
  });

  it("changes nothing for the other tools, and nothing without a session's MCP", () => {
    for (const adapter of AGENT_ADAPTERS.filter((name) => name !== "claude-code" && name !== "codex")) {
      const built = adapter === "custom" ? profile("shell", { adapter, command: ["./agent.sh"] }) : profile(adapter);
      expect(buildLaunch(built, ctx)).toEqual(buildLaunch(built, LAUNCH_CTX));
    }
    for (const adapter of ["claude-code", "codex"] as const) {
      const argv = buildLaunch(profile(adapter), LAUNCH_CTX).argv.join(" ");
      expect(argv).not.toContain("mcp");
      expect(buildLaunch(profile(adapter), LAUNCH_CTX).mcpConfig).toBeUndefined();
    }
  });

  it("offers the core tools to agents, every tool with --tools all", () => {
    expect(mcpToolsOf("core")).toEqual(MCP_CORE_TOOLS);
    expect(mcpToolsOf("all")).toEqual(MCP_TOOLS);
    expect(MCP_CORE_TOOLS.every((tool) => MCP_TOOLS.includes(tool))).toBe(true);
    expect(McpToolTier.safeParse("some").success).toBe(false);
  });
});
