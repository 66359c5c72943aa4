import { describe, expect, it } from "vitest";
import {
  AgentRefInput,
  CREDENTIAL_ENV,
  agentEnvAllowlist,
  CreateAgentInput,
  CreateTaskInput,
  GenerateSpecInput,
  ProjectSettingsPatch,
  StartSessionInput,
} from "../src/index";

describe("CreateAgentInput", () => {
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

describe("an agent's environment", () => {
  it("holds its tool's credential variables whatever its profile lists, then the profile's own", () => {
    expect(agentEnvAllowlist({ adapter: "codex", envAllowlist: [] })).toEqual(["OPENAI_API_KEY", "CODEX_HOME"]);
    expect(agentEnvAllowlist({ adapter: "claude-code", envAllowlist: ["HTTPS_PROXY", "ANTHROPIC_API_KEY"] })).toEqual([
      ...CREDENTIAL_ENV["claude-code"],
      "HTTPS_PROXY",
    ]);
    expect(agentEnvAllowlist({ adapter: "gemini", envAllowlist: [] })).toContain("GEMINI_API_KEY");
    // A command of one's own gets nothing it was not given.
    expect(agentEnvAllowlist({ adapter: "custom", envAllowlist: [] })).toEqual([]);
    expect(agentEnvAllowlist({ adapter: "shell", envAllowlist: ["CI"] })).toEqual(["CI"]);
  });
});
