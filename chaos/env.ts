/** The one place the chaos suite reads process.env: the environment its child processes start from. */
const env = process.env;

/** The environment a process under test starts with: this one, plus `extra`. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...env, ...extra };
}
