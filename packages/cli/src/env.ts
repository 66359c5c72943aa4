import { z } from "zod";

const EnvSchema = z.object({
  MAESTRO_URL: z.string().optional(),
  MAESTRO_TOKEN: z.string().optional(),
  /** Set inside an agent session: the default project of `task` commands. */
  MAESTRO_PROJECT_ID: z.string().optional(),
  MAESTRO_SESSION_ID: z.string().optional(),
  /** Who this client acts as (recorded on every change; distinct reviewers approve as distinct actors). */
  MAESTRO_ACTOR: z.string().optional(),
  NO_COLOR: z.string().optional(),
});

export type CliEnv = z.infer<typeof EnvSchema>;

/** The one place the CLI reads process.env (serve reads the server's own env through the server). */
export function readCliEnv(env: NodeJS.ProcessEnv = process.env): CliEnv {
  return EnvSchema.parse(env);
}

export const DEFAULT_URL = "http://127.0.0.1:4700";

/** A copy of this process's environment, for a child process (the embedded runner) to start from. */
export function inheritedEnv(): NodeJS.ProcessEnv {
  return { ...process.env };
}
