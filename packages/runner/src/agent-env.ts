/** What any program needs to run; everything else of the runner's own environment stays out. */
// TZ: agents print clock times (a usage limit's reset) in their own zone, read back in the runner's.
export const BASE_ENV_NAMES = ["PATH", "HOME", "USER", "LANG", "LC_ALL", "TERM", "TMPDIR", "SHELL", "TZ"] as const;

const FALLBACK_PATH = "/usr/local/bin:/usr/bin:/bin";

export interface SessionIdentity {
  serverUrl: string;
  /** The session's own token: it lets the agent touch only this session and its tasks. */
  token: string;
  sessionId: string;
  projectId: string;
  taskIds: readonly string[];
}

export interface AgentEnvInput {
  /** The runner's environment (for an embedded runner, the server's): read, never copied whole. */
  source: Readonly<Record<string, string | undefined>>;
  /** Names the agent profile explicitly passes through (API keys the agent itself needs). */
  allowlist: readonly string[];
  session: SessionIdentity;
  /** A directory holding the `maestro` shim, put first on PATH. */
  binDir: string;
}

/**
 * The agent's environment: a minimal base, the profile's allowlist, then the MAESTRO_* variables
 * last so no allowlisted name can override them (the server's own MAESTRO_TOKEN included).
 */
export function buildAgentEnv({ source, allowlist, session, binDir }: AgentEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of [...BASE_ENV_NAMES, ...allowlist]) {
    const value = source[name];
    if (value !== undefined) env[name] = value;
  }
  env.PATH = `${binDir}:${source.PATH || FALLBACK_PATH}`;
  env.MAESTRO_URL = session.serverUrl;
  env.MAESTRO_TOKEN = session.token;
  env.MAESTRO_SESSION_ID = session.sessionId;
  env.MAESTRO_PROJECT_ID = session.projectId;
  env.MAESTRO_TASK_IDS = session.taskIds.join(",");
  env.MAESTRO_TASK_ID = session.taskIds[0] ?? "";
  return env;
}
