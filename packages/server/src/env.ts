import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { DEFAULT_MIN_FREE_MEMORY_MB, LogFormat, LogLevel, ghEnvironmentOf } from "@maestro/domain";
import { MEBIBYTE, type ServerLimits } from "./limits";

const list = z
  .string()
  .optional()
  .transform((value) =>
    value
      ? value
          .split(",")
          .map((item) => item.trim())
          .filter(Boolean)
      : [],
  );

const EnvSchema = z.object({
  MAESTRO_HOME: z.string().min(1).default(join(homedir(), ".maestro")),
  MAESTRO_PORT: z.coerce.number().int().min(0).max(65535).default(4700),
  MAESTRO_HOST: z.string().min(1).default("127.0.0.1"),
  MAESTRO_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** The runners' token, shared by every instance of a team server (default: `<home>/runner-token`, made once). */
  MAESTRO_RUNNER_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Extra origins allowed to call the API, e.g. the Vite dev server. */
  MAESTRO_ALLOWED_ORIGINS: list,
  /** Extra Host names accepted besides loopback and the bind address. */
  MAESTRO_ALLOWED_HOSTS: list,
  MAESTRO_DASHBOARD_DIR: z.string().optional(),
  /** A team server's PostgreSQL database (postgres://user:password@host:port/database); unset: the SQLite file in MAESTRO_HOME. */
  MAESTRO_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres://user:password@host:port/database URL")
    .optional(),
  /** Sessions autopilot may have holding a slot at once, across projects. */
  MAESTRO_MAX_CONCURRENT: z.coerce.number().int().min(1).max(256).default(8),
  /** Memory (MiB) autopilot keeps free on runners' machines when it starts agents (0: only each agent's footprint must fit). */
  MAESTRO_MIN_FREE_MEMORY_MB: z.coerce.number().int().min(0).max(1_048_576).default(DEFAULT_MIN_FREE_MEMORY_MB),
  /** Bounds (limits.ts has the defaults): WebSocket connections, subscriptions per connection… */
  MAESTRO_WS_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100_000).optional(),
  MAESTRO_WS_MAX_SUBSCRIPTIONS: z.coerce.number().int().min(1).max(100_000).optional(),
  /** …runners' claims held open (long polls) in total… */
  MAESTRO_CLAIM_MAX_WAITERS: z.coerce.number().int().min(1).max(100_000).optional(),
  /** …HTTP connections in total (WebSockets included)… */
  MAESTRO_HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).optional(),
  /** …delegation depth and sessions started per session, tasks an agent session creates… */
  MAESTRO_DELEGATION_MAX_DEPTH: z.coerce.number().int().min(0).max(100).optional(),
  MAESTRO_DELEGATION_MAX_SESSIONS: z.coerce.number().int().min(0).max(100_000).optional(),
  MAESTRO_AGENT_MAX_CREATED_TASKS: z.coerce.number().int().min(0).max(1_000_000).optional(),
  /** …and each session's stored output, in MiB. */
  MAESTRO_SESSION_LOG_MAX_MB: z.coerce.number().positive().max(1_000_000).optional(),
  /** `text` (the message alone, as always) or `json` (one object per line: time, level, msg, ids). */
  MAESTRO_LOG_FORMAT: LogFormat.default("text"),
  /** The least severe level written; `debug` adds a line per HTTP request. */
  MAESTRO_LOG_LEVEL: LogLevel.default("info"),
});

export type ServerEnv = z.infer<typeof EnvSchema>;

/** Every variable the server reads (deploy/maestro.env documents each). */
export const SERVER_ENV_NAMES = Object.keys(EnvSchema.shape) as ReadonlyArray<keyof ServerEnv>;

/** The bounds the environment sets; what it leaves out keeps its default. */
export function limitsFromEnv(env: ServerEnv): Partial<ServerLimits> {
  return {
    wsConnections: env.MAESTRO_WS_MAX_CONNECTIONS,
    wsSubscriptionsPerConnection: env.MAESTRO_WS_MAX_SUBSCRIPTIONS,
    claimWaiters: env.MAESTRO_CLAIM_MAX_WAITERS,
    httpConnections: env.MAESTRO_HTTP_MAX_CONNECTIONS,
    delegationDepth: env.MAESTRO_DELEGATION_MAX_DEPTH,
    sessionsStartedPerSession: env.MAESTRO_DELEGATION_MAX_SESSIONS,
    tasksCreatedPerSession: env.MAESTRO_AGENT_MAX_CREATED_TASKS,
    sessionLogBytes:
      env.MAESTRO_SESSION_LOG_MAX_MB === undefined ? undefined : Math.round(env.MAESTRO_SESSION_LOG_MAX_MB * MEBIBYTE),
  };
}

/** The one place the server reads process.env. */
export function readServerEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  const result = EnvSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new Error(`invalid environment: ${issue.path.join(".")} ${issue.message}`);
}

const LogEnvSchema = EnvSchema.pick({ MAESTRO_LOG_FORMAT: true, MAESTRO_LOG_LEVEL: true });

/** Only the log settings: a runner reads these, and none of the server's other settings. */
export function readLogEnv(env: NodeJS.ProcessEnv = process.env): z.infer<typeof LogEnvSchema> {
  const result = LogEnvSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new Error(`invalid environment: ${issue.path.join(".")} ${issue.message}`);
}

/** The PATH agents' executables are looked up in: the server's own. */
export function hostPath(): string {
  return process.env.PATH ?? "";
}

/** What git sees of the server's environment: enough to run, never a prompt or GIT_* override. */
export function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" };
  for (const name of ["PATH", "HOME", "USER", "TMPDIR"]) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  return env;
}

/** What `gh` sees: git's environment plus its own login (token, host, config folder). */
export function ghEnvironment(): NodeJS.ProcessEnv {
  return ghEnvironmentOf(process.env);
}
