import { describe, expect, it } from "vitest";
import {
  AgentRefInput,
  BUILT_IN_AGENTS,
  CREDENTIAL_ENV,
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

describe("built-in profiles", () => {
  it("pass through the variables their tool reads its credentials from, and nothing else", () => {
    const allowlist = (name: string) => BUILT_IN_AGENTS.find((agent) => agent.name === name)!.envAllowlist;
    expect(allowlist("claude-code")).toContain("ANTHROPIC_API_KEY");
    expect(allowlist("codex")).toEqual(["OPENAI_API_KEY", "CODEX_HOME"]);
    expect(allowlist("gemini")).toContain("GEMINI_API_KEY");
    expect(allowlist("shell")).toEqual([]);
    for (const agent of BUILT_IN_AGENTS) expect(agent.envAllowlist).toEqual(CREDENTIAL_ENV[agent.adapter]);
  });
});
