import { DomainError, type ProjectSettings } from "@maestro/domain";

function refuse(field: string, message: string): never {
  throw new DomainError("INVALID_INPUT", `${field}: ${message}`, { field });
}

/**
 * What a repository elsewhere (`settings.repositoryUrl`) needs, checked on the settings a create
 * or update would store: worktrees (runners work in their own clones, one worktree per task; it
 * is refused rather than turned on, so nobody is surprised by a mode they did not ask for), a
 * target branch named (the server cannot read the remote's HEAD). Any landPolicy: runners land,
 * or in PR mode open and follow the pull request with their own `gh`.
 */
export function assertRemoteSettings(settings: ProjectSettings): void {
  if (settings.repositoryUrl === null) return;
  if (settings.worktreeMode !== "per_task") {
    refuse(
      "settings.worktreeMode",
      "a project with settings.repositoryUrl works in worktrees on the runners: set worktreeMode to per_task",
    );
  }
  if (!settings.targetBranch) {
    refuse(
      "settings.targetBranch",
      "a project with settings.repositoryUrl needs its target branch named (the server cannot read the remote's HEAD)",
    );
  }
}
