/**
 * The one place the runner reads process.env: the environment it was started with, from which
 * agents and git get only the few variables they are allowed to see.
 */
export function hostEnv(): Readonly<Record<string, string | undefined>> {
  return process.env;
}
