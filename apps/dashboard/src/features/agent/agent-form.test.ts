import { BUILT_IN_AGENTS } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import {
  EMPTY_AGENT_FORM,
  derivedAccount,
  parseMaxConcurrent,
  pauseLabel,
  splitLines,
  toAgentForm,
  toCreateInput,
  toUpdateInput,
} from "./agent-form";

describe("agent form", () => {
  it("keeps one argv element per line, spaces included", () => {
    expect(splitLines("./my agent.sh\n\n{promptFile}\r\n")).toEqual(["./my agent.sh", "{promptFile}"]);
  });

  it("builds a create input with nulls for empty fields", () => {
    const form = {
      ...EMPTY_AGENT_FORM,
      name: " bot ",
      command: "/bin/bot\n{prompt}",
      envAllowlist: "HOME, PATH OPENAI_KEY",
    };
    expect(toCreateInput(form, null)).toEqual({
      name: "bot",
      adapter: "custom",
      model: null,
      command: ["/bin/bot", "{prompt}"],
      args: [],
      envAllowlist: ["HOME", "PATH", "OPENAI_KEY"],
      persona: "developer",
      maxConcurrent: null,
      delegates: [],
      sandbox: "none",
      network: "on",
      account: null,
      memoryMb: null,
    });
  });

  it("sends the memory footprint typed, empty clearing it (learned again), and shows a set one", () => {
    const form = { ...EMPTY_AGENT_FORM, name: "big", memoryMb: " 1536 " };
    expect(toCreateInput(form, null).memoryMb).toBe(1536);
    expect(toUpdateInput({ ...form, memoryMb: "" }, null).memoryMb).toBeNull();
    expect(toAgentForm({ ...BUILT_IN_AGENTS[0]!, memoryMb: 2048 }).memoryMb).toBe("2048");
    expect(toAgentForm(BUILT_IN_AGENTS[0]!).memoryMb).toBe("");
  });

  it("sends the delegates typed as a comma or space separated list, and shows them the same way", () => {
    const form = {
      ...EMPTY_AGENT_FORM,
      name: "lead",
      adapter: "claude-code" as const,
      delegates: "worker-a, worker-b codex",
    };
    expect(toCreateInput(form, null).delegates).toEqual(["worker-a", "worker-b", "codex"]);
    expect(toUpdateInput({ ...form, delegates: " " }, null).delegates).toEqual([]);
    const lead = { ...BUILT_IN_AGENTS[0]!, name: "lead", delegates: ["worker-a", "worker-b"] };
    expect(toAgentForm(lead).delegates).toBe("worker-a, worker-b");
  });

  it("sends the sandbox and its network, and never the network off without a sandbox", () => {
    const boxed = { ...EMPTY_AGENT_FORM, name: "b", sandbox: "bwrap" as const, network: "off" as const };
    expect(toCreateInput(boxed, null)).toMatchObject({ sandbox: "bwrap", network: "off" });
    expect(toUpdateInput({ ...boxed, sandbox: "none" }, null)).toMatchObject({ sandbox: "none", network: "on" });
  });

  it("sends no command for the shell adapter, which runs the task's own", () => {
    const form = { ...EMPTY_AGENT_FORM, name: "s", adapter: "shell" as const, command: "ignored" };
    expect(toCreateInput(form, 2)).toMatchObject({ command: null, maxConcurrent: 2 });
    expect(toUpdateInput(form, 2)).not.toHaveProperty("command");
  });

  it("sends a tool adapter's executable override, or null to use the tool's own", () => {
    const form = {
      ...EMPTY_AGENT_FORM,
      name: "c",
      adapter: "codex" as const,
      command: "/opt/codex/bin/codex\n",
      model: "o3",
    };
    expect(toCreateInput(form, null)).toMatchObject({ command: ["/opt/codex/bin/codex"], model: "o3" });
    // No variables listed: the server's default (the tool's credential variables) applies.
    expect(toCreateInput(form, null)).not.toHaveProperty("envAllowlist");
    expect(toUpdateInput({ ...form, command: "" }, null)).toMatchObject({ command: null });
  });

  it("round-trips a profile", () => {
    const shell = BUILT_IN_AGENTS.find((agent) => agent.name === "shell")!;
    expect(toUpdateInput(toAgentForm(shell), null)).toEqual({
      name: "shell",
      model: null,
      args: [],
      envAllowlist: [],
      persona: "developer",
      maxConcurrent: null,
      delegates: [],
      sandbox: "none",
      network: "on",
      account: null,
      memoryMb: null,
    });
  });

  it("sends the account typed, or null to derive it, and shows a stored one", () => {
    const form = { ...EMPTY_AGENT_FORM, name: "opus", adapter: "claude-code" as const, account: " team " };
    expect(toCreateInput(form, null).account).toBe("team");
    expect(toUpdateInput({ ...form, account: "" }, null).account).toBeNull();
    const stored = { ...BUILT_IN_AGENTS[0]!, name: "opus", account: "team" };
    expect(toAgentForm(stored).account).toBe("team");
  });

  it("says which account an empty Account field derives, as the server would", () => {
    const opus = { ...EMPTY_AGENT_FORM, name: "opus", adapter: "claude-code" as const };
    expect(derivedAccount(opus, false)).toBe("claude-code:default");
    expect(derivedAccount({ ...opus, envAllowlist: "ANTHROPIC_API_KEY, HOME" }, false)).toBe(
      "claude-code:ANTHROPIC_API_KEY",
    );
    expect(derivedAccount(opus, true)).toBe("claude-code:login");
    expect(derivedAccount({ ...EMPTY_AGENT_FORM, name: "bot" }, false)).toBe("profile:bot");
  });

  it("says until when a paused account's profile waits, with the date", () => {
    expect(pauseLabel("2026-12-12T06:07:30.000Z")).toBe("paused until 2026-12-12 06:07 UTC");
  });

  it("reads max concurrent", () => {
    expect(parseMaxConcurrent("")).toEqual({ value: null });
    expect(parseMaxConcurrent(" 3 ")).toEqual({ value: 3 });
    expect(parseMaxConcurrent("1.5")).toHaveProperty("error");
  });
});
