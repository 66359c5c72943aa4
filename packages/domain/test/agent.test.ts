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

describe("an agent's credentials", () => {
  it("pass through by default: a built-in, or a new profile that lists no variables, gets its tool's", () => {
    const allowlist = (name: string) => BUILT_IN_AGENTS.find((agent) => agent.name === name)!.envAllowlist;
    expect(allowlist("codex")).toEqual(["OPENAI_API_KEY", "CODEX_HOME"]);
    expect(allowlist("claude-code")).toContain("ANTHROPIC_API_KEY");
    expect(allowlist("shell")).toEqual([]);
    for (const agent of BUILT_IN_AGENTS) expect(agent.envAllowlist).toEqual(CREDENTIAL_ENV[agent.adapter]);
    const parse = (input: object) => CreateAgentInput.parse({ name: "p", ...input }).envAllowlist;
    expect(parse({ adapter: "gemini" })).toEqual(CREDENTIAL_ENV.gemini);
    expect(parse({ adapter: "custom", command: ["./a.sh"] })).toEqual([]);
  });

  it("are the profile's own choice when it lists them (a subscription token, not the API key)", () => {
    const input = { name: "sub", adapter: "claude-code", envAllowlist: ["CLAUDE_CODE_OAUTH_TOKEN"] };
    expect(CreateAgentInput.parse(input).envAllowlist).toEqual(["CLAUDE_CODE_OAUTH_TOKEN"]);
  });
});
