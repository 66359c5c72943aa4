import { describe, expect, it } from "vitest";
import {
  type AgentProfile,
  AgentRefInput,
  BUILT_IN_AGENTS,
  CreateAgentInput,
  CreateTaskInput,
  DomainError,
  GenerateSpecInput,
  ProjectSettingsPatch,
  StartSessionInput,
  buildLaunch,
} from "../src/index";

const ctx = { prompt: "Fix the bug", promptFile: "/tmp/s/prompt.md", command: "make test" };

function profile(adapter: AgentProfile["adapter"], overrides: Partial<AgentProfile> = {}): AgentProfile {
  return { ...BUILT_IN_AGENTS.find((agent) => agent.adapter === adapter)!, name: "p", ...overrides };
}

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
        "Fix the bug",
        "--output-format",
        "stream-json",
        "--verbose",
        "--model",
        "opus",
        "--permission-mode",
        "acceptEdits",
        "--max-turns",
        "5",
      ],
      output: "claude-stream-json",
    });
  });

  it("runs Codex with exec --json and the prompt last", () => {
    expect(buildLaunch(profile("codex"), ctx)).toEqual({
      argv: ["codex", "exec", "--json", "Fix the bug"],
      output: "codex-json",
    });
  });

  it("runs the text adapters non-interactively", () => {
    expect(buildLaunch(profile("gemini"), ctx).argv).toEqual(["gemini", "--prompt", "Fix the bug"]);
    expect(buildLaunch(profile("aider"), ctx).argv).toEqual([
      "aider",
      "--yes-always",
      "--no-pretty",
      "--message",
      "Fix the bug",
    ]);
    expect(buildLaunch(profile("opencode"), ctx).argv).toEqual(["opencode", "run", "Fix the bug"]);
  });

  it("replaces a built-in tool's executable with the profile's command, keeping its flags", () => {
    const launch = buildLaunch(profile("claude-code", { command: ["/opt/claude/bin/claude", "--debug"] }), ctx);
    expect(launch.argv.slice(0, 4)).toEqual(["/opt/claude/bin/claude", "--debug", "-p", "Fix the bug"]);
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

  it("runs the shell adapter's task command with sh -c, and refuses a task without one", () => {
    expect(buildLaunch(profile("shell"), ctx).argv).toEqual(["sh", "-c", "make test"]);
    expect(() => buildLaunch(profile("shell"), { ...ctx, command: null })).toThrow(DomainError);
  });

  it("requires a command for the custom adapter", () => {
    const result = CreateAgentInput.safeParse({ name: "mine", adapter: "custom" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["command"]);
  });
});

describe("agent names", () => {
  // One schema: a name no profile can have is refused wherever an agent is named.
  const named = {
    "a profile": (agent: string) => CreateAgentInput.safeParse({ name: agent, adapter: "shell" }),
    "a profile reference": (agent: string) => AgentRefInput.safeParse({ name: agent }),
    "a task": (agent: string) => CreateTaskInput.safeParse({ projectId: "WEB", title: "t", agent }),
    "a project's default": (agent: string) => ProjectSettingsPatch.safeParse({ defaultAgent: agent }),
    "a session": (agent: string) => StartSessionInput.safeParse({ taskIds: ["WEB-1"], agent }),
    "a spec draft": (agent: string) => GenerateSpecInput.safeParse({ id: "s", agent }),
  };

  it.each(Object.entries(named))("are checked the same way for %s", (_where, parse) => {
    expect(parse(" claude-code ").success).toBe(true);
    for (const bad of ["", "Claude Code", "-x", "a".repeat(65)]) {
      const result = parse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/must be 1-64 lowercase letters/);
    }
  });
});
