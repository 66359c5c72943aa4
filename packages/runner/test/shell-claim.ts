import { BUILT_IN_AGENTS } from "@maestro/domain";
import type { Claim } from "../src/launch";

/**
 * A claim, as the server would hand it out, for the built-in shell agent running `command` in
 * `rootDir`; `landing` is given only for worktree sessions.
 */
export function shellClaim({
  command,
  rootDir,
  landing,
}: {
  command: string;
  rootDir: string;
  landing?: Record<string, unknown>;
}): Claim {
  const shell = BUILT_IN_AGENTS.find((agent) => agent.name === "shell")!;
  return {
    session: { id: `s-${Date.now()}`, projectId: "p", taskIds: ["t"], prompt: "do it", attempt: 1 },
    lease: 1,
    token: "t".repeat(64),
    profile: shell,
    rootDir,
    command,
    taskKey: "T-1",
    useWorktree: landing !== undefined,
    serverUrl: "http://127.0.0.1:1",
    launch: { prompt: "do it", resumeId: null },
    ...(landing && { landing }),
  } as unknown as Claim;
}
