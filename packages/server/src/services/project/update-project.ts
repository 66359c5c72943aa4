import { resolve } from "node:path";
import { updateProject as writeProject } from "@maestro/db";
import type { Project, UpdateProjectInput } from "@maestro/domain";
import type { z } from "zod";
import { afterProjectBudgetChange } from "../budget/budget-changed";
import { takeBackRemoteLandings } from "../landing/remote-landing-off";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { withDefaultTargetBranch } from "./default-target-branch";
import { assertRemoteSettings } from "./remote-settings";
import { requireProject } from "./resolve-project";

export async function updateProject({ ctx, input }: VerbArgs<z.output<typeof UpdateProjectInput>>): Promise<Project> {
  const before = await requireProject(ctx.database.db, input.id);
  const settings =
    input.settings &&
    (await withDefaultTargetBranch(
      { targetBranch: before.settings.targetBranch, repositoryUrl: before.settings.repositoryUrl, ...input.settings },
      { rootDir: input.rootDir ?? before.rootDir, wasOn: before.settings.worktreeMode !== "off" },
    ));
  return await inTransaction(ctx, async (tx, record) => {
    const current = await requireProject(tx, input.id);
    if (settings !== undefined) assertRemoteSettings({ ...current.settings, ...settings });
    const project = await writeProject(tx, current.id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.rootDir !== undefined ? { rootDir: resolve(input.rootDir) } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(settings !== undefined ? { settings: { ...current.settings, ...settings } } : {}),
    });
    record({
      kind: "project.updated",
      entity: "project",
      entityId: project.id,
      projectId: project.id,
      payload: { project },
    });
    await afterProjectBudgetChange(tx, record, current, project);
    await takeBackRemoteLandings(tx, record, { before: current, after: project });
    return project;
  });
}
