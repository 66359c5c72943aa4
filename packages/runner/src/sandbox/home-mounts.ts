import { join } from "node:path";
import type { AgentAdapter } from "@maestro/domain";
import type { Mount } from "./bwrap-args";

/**
 * Where each tool keeps its login, settings and conversations, relative to the home: bound
 * read-write, since the tool must log in with it and save the conversations it resumes. What is
 * in them (credentials, other projects' transcripts of the same tool) is therefore visible.
 */
const TOOL_DIRS: Record<AgentAdapter, readonly string[]> = {
  "claude-code": [".claude", ".claude.json"],
  codex: [".codex"],
  gemini: [".gemini"],
  opencode: [".config/opencode", ".local/share/opencode", ".local/state/opencode"],
  aider: [".aider", ".aider.conf.yml"],
  custom: [],
  shell: [],
};

/** git's identity and settings, read-only (not ~/.git-credentials). */
const GIT_CONFIG = [".gitconfig", ".config/git/config"];

/**
 * The home is a fresh, empty tmpfs (nothing of the real home is visible but what is bound here):
 * the tool's own folders read-write, git's settings read-only. Codex's CODEX_HOME moves its folder.
 */
export function homeMounts({
  home,
  adapter,
  env,
}: {
  home: string | undefined;
  adapter: AgentAdapter;
  env: Readonly<Record<string, string>>;
}): Mount[] {
  if (!home || home === "/") return [];
  const toolDirs = TOOL_DIRS[adapter].map((dir) => join(home, dir));
  if (adapter === "codex" && env.CODEX_HOME) toolDirs.push(env.CODEX_HOME);
  return [
    { kind: "tmpfs", path: home },
    ...GIT_CONFIG.map((file): Mount => ({ kind: "ro-try", path: join(home, file) })),
    ...toolDirs.map((path): Mount => ({ kind: "rw-try", path })),
  ];
}
