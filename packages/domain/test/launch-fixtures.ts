import { type AgentProfile, BUILT_IN_AGENTS } from "../src/index";

/** What a launch is built from: the prompt's file, and a task command (for the shell adapter). */
export const LAUNCH_CTX = { promptFile: "/tmp/s/prompt.md", command: "make test" };

/** The built-in profile of `adapter`, with what a test is about overridden. */
export function builtInProfile(adapter: AgentProfile["adapter"], overrides: Partial<AgentProfile> = {}): AgentProfile {
  return { ...BUILT_IN_AGENTS.find((agent) => agent.adapter === adapter)!, name: "p", ...overrides };
}

/** Codex's sandbox for a profile without a permission mode: edits its workspace, never asks. */
export const CODEX_WORKSPACE_WRITE = [
  "-s",
  "workspace-write",
  "-c",
  "sandbox_workspace_write.network_access=true",
  "-c",
  'approval_policy="never"',
];

/** Codex's commands run in a plain shell (after the sandbox flags). */
export const CODEX_NO_LOGIN_SHELL = ["-c", "allow_login_shell=false"];
