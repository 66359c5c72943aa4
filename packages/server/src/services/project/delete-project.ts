import { deleteProject as removeProject } from "@maestro/db";
import type { Project, ProjectRefInput } from "@maestro/domain";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { requireProject } from "./resolve-project";

/** Deletes the project with its tasks; its events stay as the audit trail. */
export async function deleteProject({ ctx, input }: VerbArgs<ProjectRefInput>): Promise<Project> {
  return await inTransaction(ctx, async (tx, record) => {
    const project = await requireProject(tx, input.id);
    await removeProject(tx, project.id);
    record({
      kind: "project.deleted",
      entity: "project",
      entityId: project.id,
      projectId: project.id,
      payload: { key: project.key },
    });
    return project;
  });
}
