import { resolve } from "node:path";
import type { ProjectSettings } from "@maestro/domain";
import { checkedOutBranch } from "../../git/refs";

/**
 * Turning worktrees on without a target branch makes the branch checked out in the project's
 * directory the target (null when none is: the lander then says so when it needs one). Not with a
 * repository elsewhere: the directory is not it (the setting is then required, remote-settings.ts).
 */
export async function withDefaultTargetBranch<S extends Partial<ProjectSettings>>(
  settings: S,
  change: { rootDir: string; wasOn: boolean },
): Promise<S> {
  const isOn = settings.worktreeMode !== undefined && settings.worktreeMode !== "off";
  if (!isOn || change.wasOn || settings.targetBranch || settings.repositoryUrl) return settings;
  const branch = await checkedOutBranch(resolve(change.rootDir));
  return branch ? { ...settings, targetBranch: branch } : settings;
}
