import { describe, expect, it } from "vitest";
import { type AgentProfile, DomainError, buildLaunch } from "../src/index";
import { CODEX_NO_LOGIN_SHELL, CODEX_WORKSPACE_WRITE, LAUNCH_CTX as ctx, builtInProfile } from "./launch-fixtures";

const codex = (overrides: Partial<AgentProfile> = {}) => builtInProfile("codex", overrides);

/** The sandbox flags: those between `exec --json --skip-git-repo-check` and the login-shell switch. */
const flagsOf = (profile: AgentProfile) => buildLaunch(profile, ctx).argv.slice(4, -3);

const READ_ONLY = ["-s", "read-only", "-c", 'approval_policy="never"'];
const BYPASS = ["--dangerously-bypass-approvals-and-sandbox"];

describe("Codex's launch", () => {
  it("maps a profile's permission mode to Codex's sandbox, never asking for approval", () => {
    const cases: Array<[string | null, string[]]> = [
      [null, CODEX_WORKSPACE_WRITE],
      ["default", CODEX_WORKSPACE_WRITE],
      ["acceptEdits", CODEX_WORKSPACE_WRITE],
      ["workspace-write", CODEX_WORKSPACE_WRITE],
      ["plan", READ_ONLY],
      ["read-only", READ_ONLY],
      ["bypassPermissions", BYPASS],
      ["danger-full-access", BYPASS],
    ];
    for (const [permissionMode, flags] of cases) expect(flagsOf(codex({ permissionMode }))).toEqual(flags);
  });

  it("refuses a permission mode Codex has no equivalent for, naming the ones it has", () => {
    expect(() => buildLaunch(codex({ permissionMode: "yolo" }), ctx)).toThrow(DomainError);
    expect(() => buildLaunch(codex({ permissionMode: "constructor" }), ctx)).toThrow(DomainError);
    expect(() => buildLaunch(codex({ permissionMode: "yolo" }), ctx)).toThrow(/acceptEdits.*bypassPermissions/);
  });

  it("leaves the sandbox to a profile whose args choose one (Codex refuses a flag given twice)", () => {
    for (const args of [["-s", "read-only"], ["--sandbox=danger-full-access"], BYPASS]) {
      expect(buildLaunch(codex({ args, permissionMode: "plan" }), ctx).argv.slice(4, -1)).toEqual([
        ...CODEX_NO_LOGIN_SHELL,
        ...args,
      ]);
    }
    expect(buildLaunch(codex({ args: ["--skip-git-repo-check"] }), ctx).argv.slice(0, 5)).toEqual([
      "codex",
      "exec",
      "--json",
      "-s",
      "workspace-write",
    ]);
  });

  it("runs commands in a plain shell, so the runner's PATH (and `maestro` on it) stays theirs", () => {
    expect(buildLaunch(codex(), ctx).argv.slice(-3, -1)).toEqual(CODEX_NO_LOGIN_SHELL);
  });

  it("puts the model and the profile's args before `resume <id>`, and `-` (the prompt, on stdin) last", () => {
    const profile = codex({ model: "gpt-5.5", args: ["-c", "model_provider=x"], permissionMode: "plan" });
    expect(buildLaunch(profile, { ...ctx, resumeId: "0199a213" }).argv).toEqual([
      "codex",
      "exec",
      "--json",
      "--skip-git-repo-check",
      ...READ_ONLY,
      ...CODEX_NO_LOGIN_SHELL,
      "--model",
      "gpt-5.5",
      "-c",
      "model_provider=x",
      "resume",
      "0199a213",
      "-",
    ]);
  });
});
