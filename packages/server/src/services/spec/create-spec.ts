import { type DbClient, findSpecsBySlug, insertSpec } from "@maestro/db";
import { type CreateSpecInput, DomainError, type Spec, slugify } from "@maestro/domain";
import type { z } from "zod";
import { requireProject } from "../project/resolve-project";
import { type VerbArgs, inTransaction } from "../unit-of-work";

function freeSlug(db: DbClient, projectId: string, name: string): string {
  const base = slugify(name);
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (findSpecsBySlug(db, slug, projectId).length === 0) return slug;
  }
}

export function createSpec({ ctx, input }: VerbArgs<z.output<typeof CreateSpecInput>>): Spec {
  return inTransaction(ctx, (tx, record) => {
    const project = requireProject(tx, input.projectId);
    if (input.slug && findSpecsBySlug(tx, input.slug, project.id).length > 0) {
      throw new DomainError("ALREADY_EXISTS", `project ${project.key} already has a spec "${input.slug}"`, {
        field: "slug",
      });
    }
    const spec = insertSpec(tx, {
      projectId: project.id,
      slug: input.slug ?? freeSlug(tx, project.id, input.name),
      name: input.name,
      request: input.request,
      requiredApprovals: input.requiredApprovals ?? project.settings.specApprovals,
    });
    record({ kind: "spec.created", entity: "spec", entityId: spec.id, projectId: spec.projectId, payload: { spec } });
    return spec;
  });
}
