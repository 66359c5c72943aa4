import { type Db, findSpecsBySlug, insertSpec } from "@maestro/db";
import { type CreateSpecInput, DomainError, type Spec, slugify } from "@maestro/domain";
import type { z } from "zod";
import { requireProject } from "../project/resolve-project";
import type { Context } from "../../context";
import { retryTakenSuggestion } from "../taken-suggestion";
import { type VerbArgs, inTransaction } from "../unit-of-work";

async function freeSlug(db: Db, projectId: string, name: string): Promise<string> {
  const base = slugify(name);
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if ((await findSpecsBySlug(db, slug, projectId)).length === 0) return slug;
  }
}

export async function createSpec({ ctx, input }: VerbArgs<z.output<typeof CreateSpecInput>>): Promise<Spec> {
  const create = () => insertNewSpec(ctx, input);
  return input.slug ? await create() : await retryTakenSuggestion("slug", create);
}

async function insertNewSpec(ctx: Context, input: z.output<typeof CreateSpecInput>): Promise<Spec> {
  return await inTransaction(ctx, async (tx, record) => {
    const project = await requireProject(tx, input.projectId);
    if (input.slug && (await findSpecsBySlug(tx, input.slug, project.id)).length > 0) {
      throw new DomainError("ALREADY_EXISTS", `project ${project.key} already has a spec "${input.slug}"`, {
        field: "slug",
      });
    }
    const spec = await insertSpec(tx, {
      projectId: project.id,
      slug: input.slug ?? (await freeSlug(tx, project.id, input.name)),
      name: input.name,
      request: input.request,
      requiredApprovals: input.requiredApprovals ?? project.settings.specApprovals,
    });
    record({ kind: "spec.created", entity: "spec", entityId: spec.id, projectId: spec.projectId, payload: { spec } });
    return spec;
  });
}
