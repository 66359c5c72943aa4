import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";

const EnvSchema = z.object({
  MAESTRO_URL: z.string().optional(),
  MAESTRO_TOKEN: z.string().optional(),
  /** Where `maestro serve` keeps its data and the owner token (default ~/.maestro). */
  MAESTRO_HOME: z.string().optional(),
  /** Set inside an agent session: the default project of `task` commands. */
  MAESTRO_PROJECT_ID: z.string().optional(),
  MAESTRO_SESSION_ID: z.string().optional(),
  NO_COLOR: z.string().optional(),
});

export type CliEnv = z.infer<typeof EnvSchema>;

/** The one place the CLI reads process.env (serve reads the server's own env through the server). */
export function readCliEnv(env: NodeJS.ProcessEnv = process.env): CliEnv {
  return EnvSchema.parse(env);
}

export const DEFAULT_URL = "http://127.0.0.1:4700";

/** `$MAESTRO_HOME`, else ~/.maestro: where the owner token is looked for. */
export function maestroHome(env: CliEnv): string {
  return env.MAESTRO_HOME || join(homedir(), ".maestro");
}

/**
 * The embedded runner's own environment: what any program needs to run, and the server's URL.
 * No MAESTRO_TOKEN, no API keys: agents can read their runner's /proc/<pid>/environ. The names
 * come from the runner's BASE_ENV_NAMES, passed in so that this module does not load the runner.
 */
export function runnerProcessEnv(serverUrl: string, baseEnvNames: readonly string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    const isBase = baseEnvNames.includes(name) || name.startsWith("LC_");
    if (isBase && value !== undefined) env[name] = value;
  }
  return { ...env, MAESTRO_URL: serverUrl };
}

/**
 * Where agents' allowlisted variables are picked from: `serve`'s environment without Maestro's
 * own. It reaches the runner over IPC (memory, not its environ); each agent gets only the
 * names its profile allows, as a remote runner does from its own environment.
 */
export function agentSourceEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith("MAESTRO_")) env[name] = value;
  }
  return env;
}
