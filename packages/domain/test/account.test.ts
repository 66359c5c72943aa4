import { describe, expect, it } from "vitest";
import { type AgentProfile, BUILT_IN_AGENTS, CreateAgentInput, accountOf, pausesByProfile } from "../src/index";

const builtIn = (name: string) => BUILT_IN_AGENTS.find((agent) => agent.name === name)!;

/** A stored profile as `agent add` makes it (defaults filled in by the domain schema). */
function profile(input: Parameters<typeof CreateAgentInput.parse>[0]): AgentProfile {
  return { ...CreateAgentInput.parse(input), builtIn: false, createdAt: null, updatedAt: null };
}

describe("accountOf", () => {
  it("puts the built-in claude-code and a claude-opus profile with the same credentials in one account", () => {
    const opus = profile({ name: "claude-opus", adapter: "claude-code", model: "opus" });
    expect(accountOf(opus)).toBe("claude-code:default");
    expect(accountOf(builtIn("claude-code"))).toBe(accountOf(opus));
  });

  it("tells apart profiles of one adapter that pass different credential variables", () => {
    const apiKey = profile({ name: "api", adapter: "claude-code", envAllowlist: ["ANTHROPIC_API_KEY", "HOME"] });
    const oauth = profile({ name: "sub", adapter: "claude-code", envAllowlist: ["CLAUDE_CODE_OAUTH_TOKEN"] });
    const login = profile({ name: "login", adapter: "claude-code", envAllowlist: [] });
    expect(accountOf(apiKey)).toBe("claude-code:ANTHROPIC_API_KEY");
    expect(accountOf(oauth)).toBe("claude-code:CLAUDE_CODE_OAUTH_TOKEN");
    expect(accountOf(login)).toBe("claude-code:login");
    expect(accountOf(builtIn("claude-code"))).not.toBe(accountOf(apiKey));
  });

  it("keeps adapters apart even with the same variable (aider and opencode both read ANTHROPIC_API_KEY)", () => {
    const aider = profile({ name: "a", adapter: "aider", envAllowlist: ["ANTHROPIC_API_KEY"] });
    const opencode = profile({ name: "o", adapter: "opencode", envAllowlist: ["ANTHROPIC_API_KEY"] });
    expect(accountOf(aider)).toBe("aider:ANTHROPIC_API_KEY");
    expect(accountOf(opencode)).toBe("opencode:ANTHROPIC_API_KEY");
  });

  it("makes each custom or shell profile without a credential variable its own account", () => {
    const one = profile({ name: "bot-1", adapter: "custom", command: ["./a.sh"], envAllowlist: ["ANTHROPIC_API_KEY"] });
    const two = profile({ name: "bot-2", adapter: "custom", command: ["./a.sh"], envAllowlist: ["ANTHROPIC_API_KEY"] });
    expect(accountOf(one)).toBe("profile:bot-1");
    expect(accountOf(two)).toBe("profile:bot-2");
    expect(accountOf(builtIn("shell"))).toBe("profile:shell");
  });

  it("groups profiles explicitly, across adapters, by --account", () => {
    const claude = profile({ name: "c", adapter: "claude-code", account: "team" });
    const custom = profile({ name: "x", adapter: "custom", command: ["./a.sh"], account: "team" });
    expect(accountOf(claude)).toBe("team");
    expect(accountOf(custom)).toBe("team");
    expect(accountOf(profile({ name: "d", adapter: "claude-code", account: "other" }))).toBe("other");
  });

  it("never derives a key an explicit account name could be", () => {
    const explicit = CreateAgentInput.safeParse({ name: "z", adapter: "codex", account: "codex:default" });
    expect(explicit.success).toBe(false);
    expect(explicit.error?.issues[0]?.path).toEqual(["account"]);
  });
});

describe("pausesByProfile", () => {
  const pause = { account: "claude-code:default", until: "2026-01-01T12:00:00.000Z", reason: "usage limit" };

  it("pauses every profile of the paused account, built-in and stored, and no other", () => {
    const opus = profile({ name: "claude-opus", adapter: "claude-code" });
    const own = profile({ name: "own-key", adapter: "claude-code", envAllowlist: ["ANTHROPIC_API_KEY"] });
    const paused = pausesByProfile([builtIn("claude-code"), opus, own, builtIn("codex")], [pause]);
    expect([...paused.keys()]).toEqual(["claude-code", "claude-opus"]);
    expect(paused.get("claude-opus")).toEqual(pause);
  });

  it("follows a profile's account as it is now: one that joins the paused account is paused", () => {
    const joined = profile({ name: "late", adapter: "codex", account: "team" });
    const paused = pausesByProfile([joined], [{ ...pause, account: "team" }]);
    expect(paused.get("late")?.account).toBe("team");
    expect(pausesByProfile([{ ...joined, account: "elsewhere" }], [{ ...pause, account: "team" }]).size).toBe(0);
  });
});
