/*
 * PR mode's pure parts, shared by the server (a repository on its machine) and the runners (a
 * repository elsewhere): what `gh` sees of the environment, and how its answers are read.
 */

/** The variables `gh` needs for its login, on top of a plain PATH/HOME environment. */
export const GH_ENV_NAMES = ["GH_TOKEN", "GITHUB_TOKEN", "GH_HOST", "GH_CONFIG_DIR", "XDG_CONFIG_HOME"] as const;

/** What `gh` sees of `host`: enough to run and log in, never a prompt, never colour. */
export function ghEnvironmentOf(host: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = { GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" };
  for (const name of ["PATH", "HOME", "USER", "TMPDIR", ...GH_ENV_NAMES]) {
    const value = host[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, GH_PROMPT_DISABLED: "1", NO_COLOR: "1" };
}

/** The pull request's URL `gh pr create` printed (its last line), or null. */
export function prUrlOfCreate(stdout: string): string | null {
  const url = stdout.trim().split("\n").pop()?.trim() ?? "";
  return /^https?:\/\/\S+$/.test(url) ? url : null;
}

export type PrState = { kind: "open" } | { kind: "merged"; commit: string | null } | { kind: "closed" };

/** What `gh pr view --json state,mergeCommit` says; anything unreadable counts as still open. */
export function parsePrView(stdout: string): PrState {
  let parsed: { state?: unknown; mergeCommit?: { oid?: unknown } | null };
  try {
    parsed = JSON.parse(stdout) as typeof parsed;
  } catch {
    return { kind: "open" };
  }
  if (parsed.state === "MERGED") {
    const oid = parsed.mergeCommit?.oid;
    return { kind: "merged", commit: typeof oid === "string" && /^[0-9a-f]{40,64}$/.test(oid) ? oid : null };
  }
  return parsed.state === "CLOSED" ? { kind: "closed" } : { kind: "open" };
}

/**
 * `gh --repo`'s `HOST/OWNER/NAME` for a repository URL (https://, ssh://, git://, user@host:path),
 * or null for one no forge serves (a path, file://).
 */
export function ghRepoOf(url: string): string | null {
  const full = /^(?:https?|ssh|git):\/\/(?:[^@/]*@)?([^/:]+)(?::\d+)?\/(.+)$/i.exec(url);
  const scp = full ? null : /^(?:[A-Za-z0-9._-]+@)?([A-Za-z0-9.-]+):(?!\/\/)(.+)$/.exec(url);
  const [host, path] = full ? [full[1], full[2]] : scp ? [scp[1], scp[2]] : [undefined, undefined];
  if (!host || !path) return null;
  const parts = path
    .replace(/\/+$/, "")
    .replace(/\.git$/, "")
    .split("/")
    .filter(Boolean);
  if (parts.length !== 2 || parts.some((part) => !/^[A-Za-z0-9._-]+$/.test(part))) return null;
  return `${host.toLowerCase()}/${parts[0]}/${parts[1]}`;
}

/** The note of a PR mode task whose pull request must be opened by hand, and why. */
export function openPrByHandNote(input: { branch: string; target: string; where: string; why: string }): string {
  return (
    `pushed ${input.branch} to ${input.where}; ${input.why}, so open the pull request yourself: ` +
    `gh pr create --base ${input.target} --head ${input.branch} (or your forge's page for ${input.where}); ` +
    "the task is done once it is merged and landed with `maestro task land`"
  );
}
