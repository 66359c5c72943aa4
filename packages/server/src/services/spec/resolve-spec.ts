import { type Db, findProjectByRef, findSpecById, findSpecsBySlug } from "@maestro/db";
import { DomainError, type Spec, notFound } from "@maestro/domain";

/**
 * A spec by id, by `<project>/<slug>`, or by a slug only one project has; with `withinProjectId`
 * (an agent, which reads no other project), a bare slug is looked up in that project alone.
 */
export async function requireSpec(db: Db, ref: string, withinProjectId?: string): Promise<Spec> {
  const byId = await findSpecById(db, ref);
  if (byId) return byId;
  const slash = ref.indexOf("/");
  if (slash > 0) {
    const project = await findProjectByRef(db, ref.slice(0, slash));
    const spec = project && (await findSpecsBySlug(db, ref.slice(slash + 1).toLowerCase(), project.id))[0];
    if (!spec) throw notFound("spec", ref);
    return spec;
  }
  const matches = await findSpecsBySlug(db, ref.toLowerCase(), withinProjectId);
  if (matches.length > 1) {
    throw new DomainError("INVALID_INPUT", `several projects have a spec "${ref}"; name it as <project>/${ref}`, {
      field: "id",
    });
  }
  if (!matches[0]) throw notFound("spec", ref);
  return matches[0];
}
