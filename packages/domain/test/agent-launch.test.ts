import { describe, expect, it } from "vitest";
import { AGENT_ADAPTERS, type AgentAdapter, DomainError, buildLaunch } from "../src/index";
import {
  CODEX_NO_LOGIN_SHELL,
  CODEX_WORKSPACE_WRITE,
  LAUNCH_CTX as ctx,
  builtInProfile as profile,
} from "./launch-fixtures";

const WORKSPACE_WRITE = [...CODEX_WORKSPACE_WRITE, ...CODEX_NO_LOGIN_SHELL];

describe("buildLaunch", () => {
  it("runs Claude Code in print mode with stream-json output, model and permission mode", () => {
    const launch = buildLaunch(
      profile("claude-code", { model: "opus", permissionMode: "acceptEdits", args: ["--max-turns", "5"] }),
      ctx,
    );
    expect(launch).toEqual({
      argv: [
        "claude",
        "-p",
        "--output-format",
        "stream-json",
        "--verbose",
        "--model",
        "opus",
        "--permission-mode",
        "acceptEdits",
        "--allowedTools=Bash(maestro *)",
        "--max-turns",
        "5",
      ],
      output: "claude-stream-json",
      stdin: "prompt",
    });
  });

  it("lets a Claude Code session edit its directory and report to Maestro unless its profile sets a mode", () => {
    const argv = (permissionMode: string | null) =>
      buildLaunch(profile("claude-code", { permissionMode }), ctx).argv.slice(5);
    expect(argv(null)).toEqual(["--permission-mode", "acceptEdits", "--allowedTools=Bash(maestro *)"]);
    expect(argv("plan")).toEqual(["--permission-mode", "plan", "--allowedTools=Bash(maestro *)"]);
  });

  it("runs Codex with exec --json, able to edit its working directory, reading the prompt from stdin (-)", () => {
    expect(buildLaunch(profile("codex"), ctx)).toEqual({
      argv: ["codex", "exec", "--json", "--skip-git-repo-check", ...WORKSPACE_WRITE, "-"],
      output: "codex-json",
      stdin: "prompt",
    });
  });

  it("continues the tool's own conversation when given its id (Claude Code --resume, Codex exec resume)", () => {
    const resume = { ...ctx, resumeId: "conv-1" };
    expect(buildLaunch(profile("claude-code"), resume).argv).toEqual([
      "claude",
      "-p",
      "--output-format",
      "stream-json",
      "--verbose",
      "--resume",
      "conv-1",
      "--permission-mode",
      "acceptEdits",
      "--allowedTools=Bash(maestro *)",
    ]);
    // Checked against Codex 0.171: options before `resume`, then the id, and `-` for the prompt on stdin.
    expect(buildLaunch(profile("codex"), resume).argv).toEqual([
      "codex",
      "exec",
      "--json",
      "--skip-git-repo-check",
      ...WORKSPACE_WRITE,
      "resume",
      "conv-1",
      "-",
    ]);
  });

  it("runs Gemini CLI and OpenCode with their JSON output, Aider as text, all non-interactively", () => {
    expect(buildLaunch(profile("gemini"), ctx)).toEqual({
      argv: [
        "gemini",
        "--output-format",
        "stream-json",
        "--skip-trust",
        "--approval-mode",
        "auto_edit",
        "--allowed-tools",
        "run_shell_command(maestro)",
      ],
      output: "gemini-stream-json",
      stdin: "prompt",
    });
    expect(buildLaunch(profile("aider"), ctx)).toEqual({
      argv: ["aider", "--yes-always", "--no-pretty", "--message-file", "/tmp/s/prompt.md"],
      output: "aider-text",
      stdin: null,
    });
    expect(buildLaunch(profile("opencode", { model: "anthropic/claude-sonnet-4-5" }), ctx)).toEqual({
      argv: ["opencode", "run", "--format", "json", "--model", "anthropic/claude-sonnet-4-5"],
      output: "opencode-json",
      stdin: "prompt",
    });
  });

  it("maps the permission mode to Gemini's approval mode and OpenCode's auto-approval or plan agent", () => {
    const gemini = (permissionMode: string) =>
      buildLaunch(profile("gemini", { permissionMode }), ctx).argv.slice(4).join(" ");
    expect(gemini("acceptEdits")).toBe("--approval-mode auto_edit --allowed-tools run_shell_command(maestro)");
    expect(gemini("bypassPermissions")).toBe("--approval-mode yolo");
    expect(gemini("yolo")).toBe("--approval-mode yolo");
    expect(gemini("plan")).toBe("--approval-mode plan");
    expect(gemini("default")).toBe("--approval-mode default");
    const opencode = (permissionMode: string) =>
      buildLaunch(profile("opencode", { permissionMode }), ctx).argv.slice(4).join(" ");
    expect(opencode("bypassPermissions")).toBe("--auto");
    expect(opencode("plan")).toBe("--agent plan");
    expect(opencode("acceptEdits")).toBe("");
  });

  it("continues Gemini's and OpenCode's own sessions when given their ids", () => {
    const resume = { ...ctx, resumeId: "conv-1" };
    expect(buildLaunch(profile("gemini"), resume).argv.slice(-2)).toEqual(["--resume", "conv-1"]);
    expect(buildLaunch(profile("opencode"), resume).argv).toEqual([
      "opencode",
      "run",
      "--format",
      "json",
      "--session",
      "conv-1",
    ]);
  });

  it("replaces a built-in tool's executable with the profile's command, keeping its flags", () => {
    const launch = buildLaunch(profile("claude-code", { command: ["/opt/claude/bin/claude", "--debug"] }), ctx);
    expect(launch.argv.slice(0, 4)).toEqual(["/opt/claude/bin/claude", "--debug", "-p", "--output-format"]);
    expect(launch.argv.at(-1)).toBe("--allowedTools=Bash(maestro *)");
    expect(launch.output).toBe("claude-stream-json");
  });

  it("fills {promptFile} only as a whole element of a custom template, and gives it the prompt on stdin too", () => {
    const launch = buildLaunch(
      profile("shell", { adapter: "custom", command: ["./agent.sh", "--file", "{promptFile}"], args: ["-v"] }),
      ctx,
    );
    expect(launch).toEqual({
      argv: ["./agent.sh", "--file", "/tmp/s/prompt.md", "-v"],
      output: "text",
      stdin: "prompt",
    });
  });

  it("refuses to launch a stored custom template that would put the prompt in argv", () => {
    const legacy = (command: string[]) => () => buildLaunch(profile("shell", { adapter: "custom", command }), ctx);
    expect(legacy(["./agent.sh", "{prompt}"])).toThrow(/command element "\{prompt\}" uses \{prompt\}.*stdin/);
    expect(legacy(["sh", "-c", "agent {promptFile}"])).toThrow(/"agent \{promptFile\}" embeds \{promptFile\}/);
  });

  it("gives every agent its prompt on stdin, except Aider, which reads the prompt file", () => {
    const delivery = (adapter: AgentAdapter) => {
      // `custom` has no built-in profile: the shell one, made custom.
      const custom = profile("shell", { adapter: "custom", command: ["./agent.sh"] });
      const launch = buildLaunch(adapter === "custom" ? custom : profile(adapter), ctx);
      return launch.stdin ?? (launch.argv.includes(ctx.promptFile) ? "file" : "nothing");
    };
    expect(Object.fromEntries(AGENT_ADAPTERS.map((adapter) => [adapter, delivery(adapter)]))).toEqual({
      "claude-code": "prompt",
      codex: "prompt",
      gemini: "prompt",
      aider: "file",
      opencode: "prompt",
      custom: "prompt",
      shell: "nothing",
    });
  });

  it("runs the shell adapter's task command with sh -c, and refuses a task without one", () => {
    expect(buildLaunch(profile("shell"), ctx).argv).toEqual(["sh", "-c", "make test"]);
    expect(() => buildLaunch(profile("shell"), { ...ctx, command: null })).toThrow(DomainError);
  });
});
