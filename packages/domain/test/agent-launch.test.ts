import { describe, expect, it } from "vitest";
import { DomainError, buildLaunch } from "../src/index";
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
        "--",
        "Fix the bug",
      ],
      output: "claude-stream-json",
    });
  });

  it("lets a Claude Code session edit its directory and report to Maestro unless its profile sets a mode", () => {
    const argv = (permissionMode: string | null) =>
      buildLaunch(profile("claude-code", { permissionMode }), ctx).argv.slice(5, -2);
    expect(argv(null)).toEqual(["--permission-mode", "acceptEdits", "--allowedTools=Bash(maestro *)"]);
    expect(argv("plan")).toEqual(["--permission-mode", "plan", "--allowedTools=Bash(maestro *)"]);
  });

  it("runs Codex with exec --json, able to edit its working directory, and the prompt last", () => {
    expect(buildLaunch(profile("codex"), ctx)).toEqual({
      argv: ["codex", "exec", "--json", "--skip-git-repo-check", ...WORKSPACE_WRITE, "--", "Fix the bug"],
      output: "codex-json",
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
      "--",
      "Fix the bug",
    ]);
    // Checked against Codex 0.171: options before `resume`, then the id and the prompt.
    expect(buildLaunch(profile("codex"), resume).argv).toEqual([
      "codex",
      "exec",
      "--json",
      "--skip-git-repo-check",
      ...WORKSPACE_WRITE,
      "resume",
      "conv-1",
      "--",
      "Fix the bug",
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
        "--prompt=Fix the bug",
      ],
      output: "gemini-stream-json",
    });
    expect(buildLaunch(profile("aider"), ctx)).toEqual({
      argv: ["aider", "--yes-always", "--no-pretty", "--message=Fix the bug"],
      output: "aider-text",
    });
    expect(buildLaunch(profile("opencode", { model: "anthropic/claude-sonnet-4-5" }), ctx)).toEqual({
      argv: ["opencode", "run", "--format", "json", "--model", "anthropic/claude-sonnet-4-5", "--", "Fix the bug"],
      output: "opencode-json",
    });
  });

  it("maps the permission mode to Gemini's approval mode and OpenCode's auto-approval or plan agent", () => {
    const gemini = (permissionMode: string) =>
      buildLaunch(profile("gemini", { permissionMode }), ctx).argv.slice(4, -1).join(" ");
    expect(gemini("acceptEdits")).toBe("--approval-mode auto_edit --allowed-tools run_shell_command(maestro)");
    expect(gemini("bypassPermissions")).toBe("--approval-mode yolo");
    expect(gemini("yolo")).toBe("--approval-mode yolo");
    expect(gemini("plan")).toBe("--approval-mode plan");
    expect(gemini("default")).toBe("--approval-mode default");
    const opencode = (permissionMode: string) =>
      buildLaunch(profile("opencode", { permissionMode }), ctx).argv.slice(4, -2).join(" ");
    expect(opencode("bypassPermissions")).toBe("--auto");
    expect(opencode("plan")).toBe("--agent plan");
    expect(opencode("acceptEdits")).toBe("");
  });

  it("continues Gemini's and OpenCode's own sessions when given their ids", () => {
    const resume = { ...ctx, resumeId: "conv-1" };
    expect(buildLaunch(profile("gemini"), resume).argv.slice(-3)).toEqual([
      "--resume",
      "conv-1",
      "--prompt=Fix the bug",
    ]);
    expect(buildLaunch(profile("opencode"), resume).argv).toEqual([
      "opencode",
      "run",
      "--format",
      "json",
      "--session",
      "conv-1",
      "--",
      "Fix the bug",
    ]);
  });

  it("replaces a built-in tool's executable with the profile's command, keeping its flags", () => {
    const launch = buildLaunch(profile("claude-code", { command: ["/opt/claude/bin/claude", "--debug"] }), ctx);
    expect(launch.argv.slice(0, 4)).toEqual(["/opt/claude/bin/claude", "--debug", "-p", "--output-format"]);
    expect(launch.argv.slice(-2)).toEqual(["--", "Fix the bug"]);
    expect(launch.output).toBe("claude-stream-json");
  });

  it("fills a custom template's placeholders inside arguments, never through a shell", () => {
    const launch = buildLaunch(
      profile("shell", { adapter: "custom", command: ["./agent.sh", "--file={promptFile}", "{prompt}"] }),
      {
        ...ctx,
        prompt: "a; rm -rf / $(x)",
      },
    );
    expect(launch).toEqual({ argv: ["./agent.sh", "--file=/tmp/s/prompt.md", "a; rm -rf / $(x)"], output: "text" });
  });

  it("never lets a prompt that starts with a dash pass for an option", () => {
    const dashed = { ...ctx, prompt: "- Rule one: --resume nothing" };
    for (const adapter of ["claude-code", "codex", "opencode"] as const) {
      expect(buildLaunch(profile(adapter), dashed).argv.slice(-2)).toEqual(["--", dashed.prompt]);
    }
    expect(buildLaunch(profile("gemini"), dashed).argv.at(-1)).toBe(`--prompt=${dashed.prompt}`);
    expect(buildLaunch(profile("aider"), dashed).argv.at(-1)).toBe(`--message=${dashed.prompt}`);
  });

  it("runs the shell adapter's task command with sh -c, and refuses a task without one", () => {
    expect(buildLaunch(profile("shell"), ctx).argv).toEqual(["sh", "-c", "make test"]);
    expect(() => buildLaunch(profile("shell"), { ...ctx, command: null })).toThrow(DomainError);
  });
});
