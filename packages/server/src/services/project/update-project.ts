import { resolve } from "node:path";
import { updateProject as writeProject } from "@maestro/db";
import type { Project, UpdateProjectInput } from "@maestro/domain";
import type { z } from "zod";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { requireProject } from "./resolve-project";

export function updateProject({ ctx, input }: VerbArgs<z.output<typeof UpdateProjectInput>>): Project {
  return inTransaction(ctx, (tx, record) => {
    const current = requireProject(tx, input.id);
    const project = writeProject(tx, current.id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.rootDir !== undefined ? { rootDir: resolve(input.rootDir) } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.settings !== undefined ? { settings: { ...current.settings, ...input.settings } } : {}),
    });
    record({
      kind: "project.updated",
      entity: "project",
      entityId: project.id,
      projectId: project.id,
      payload: { project },
    });
    return project;
  });
}
