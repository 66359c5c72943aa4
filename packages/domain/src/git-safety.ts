/**
 * Settings an agent can write into a repository (`.git/config`, `config.worktree`, files they
 * include) that make git run a program: filter drivers, merge drivers, textconv, signing programs,
 * upload/receive-pack commands. Maestro's own git calls override each one found there, so
 * landing or committing someone's work never runs a command their repository configured.
 */

/** Given to every git call: hooks, the file-system monitor and the ext:: transport never run. */
export const GIT_FIXED_CONFIG: ReadonlyArray<readonly [string, string]> = [
  ["core.hooksPath", "/dev/null"],
  ["core.fsmonitor", "false"],
  ["core.quotePath", "false"],
  ["protocol.ext.allow", "never"],
];

/** For `git config --show-scope --name-only -z --get-regexp <this>`: the keys that name a program. */
export const GIT_PROGRAM_KEYS =
  "^(filter\\..+\\.(smudge|clean|process|required)|merge\\..+\\.driver|diff\\..+\\.textconv|gpg\\..*(program|command)|remote\\..+\\.(uploadpack|receivepack))$";

/** GIT_FIXED_CONFIG as `-c key=value` arguments, to go before every git command. */
export const GIT_FIXED_ARGS: readonly string[] = GIT_FIXED_CONFIG.flatMap(([key, value]) => ["-c", `${key}=${value}`]);

/** The git argv that lists the repository's program-naming settings; exit 1 means there are none. */
export const GIT_PROGRAM_LISTING: readonly string[] = [
  "config",
  "--show-scope",
  "--name-only",
  "-z",
  "--get-regexp",
  GIT_PROGRAM_KEYS,
];

/** Scopes the repository itself holds; system and global config are the user's own. */
const REPOSITORY_SCOPES = new Set(["local", "worktree"]);

/** What a key from the repository's config is replaced with: the harmless value for its kind. */
function neutralOf(key: string): Array<readonly [string, string]> {
  const variable = key.slice(key.lastIndexOf(".") + 1);
  const section = key.slice(0, key.indexOf("."));
  const driver = key.slice(0, key.lastIndexOf("."));
  if (section === "filter") {
    // Empty commands: git passes the content through; not required, so that is no error.
    return [
      [`${driver}.${variable}`, variable === "required" ? "false" : ""],
      [`${driver}.required`, "false"],
    ];
  }
  if (section === "merge") return [[key, "false"]]; // the file conflicts: a person merges it
  if (section === "diff") return [[key, "cat"]];
  if (section === "gpg") return [["commit.gpgSign", "false"]]; // no signing, so no program
  return [[key, variable === "uploadpack" ? "git-upload-pack" : "git-receive-pack"]];
}

/**
 * The overrides for `git config --show-scope --name-only -z --get-regexp GIT_PROGRAM_KEYS`
 * output (`scope\0key\0…`), for the repository's own scopes only.
 */
export function neutralGitConfig(listed: string): Array<readonly [string, string]> {
  const fields = listed.split("\0");
  const overrides = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (!REPOSITORY_SCOPES.has(fields[i]!)) continue;
    for (const [key, value] of neutralOf(fields[i + 1]!)) overrides.set(key, value);
  }
  return [...overrides];
}

/** Config given through the environment (GIT_CONFIG_COUNT…): exact keys, whatever they contain. */
export function gitConfigEnv(pairs: ReadonlyArray<readonly [string, string]>): Record<string, string> {
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(pairs.length) };
  pairs.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

/** The environment that overrides what GIT_PROGRAM_LISTING printed (`scope\0key\0…`). */
export function repositoryOverrideEnv(listed: string): Record<string, string> {
  return gitConfigEnv(neutralGitConfig(listed));
}

/** Commands that read refs and objects only: no checkout, merge, diff or commit, so no program. */
const REF_ONLY_COMMANDS = new Set(["rev-parse", "rev-list", "merge-base", "update-ref", "symbolic-ref", "config"]);

/** Whether a git argv (after any leading `-c key=value`) may run a program the config names. */
export function mayRunConfiguredProgram(args: readonly string[]): boolean {
  let i = 0;
  while (args[i] === "-c") i += 2;
  return !REF_ONLY_COMMANDS.has(args[i] ?? "");
}
