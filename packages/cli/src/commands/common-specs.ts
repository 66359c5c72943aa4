import type { ArgSpec, OptionSpec } from "../command";

// Arguments and flags many commands take, described once.
export const PROJECT_ARG: ArgSpec = { name: "project", description: "project id or key" };
export const TASK_ARG: ArgSpec = { name: "task", description: "task id or key (e.g. WEB-3)" };
export const SESSION_ARG: ArgSpec = { name: "session", description: "session id (or its first 8 characters)" };

/** `--project`, which inside an agent session defaults to the session's project. */
export const PROJECT_FLAG: OptionSpec = {
  flags: "--project <p>",
  description: "project id or key (default $MAESTRO_PROJECT_ID)",
};
