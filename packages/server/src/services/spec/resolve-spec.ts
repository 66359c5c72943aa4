import { type DbClient, findProjectByRef, findSpecById, findSpecsBySlug } from "@maestro/db";
import { DomainError, type Spec, notFound } from "@maestro/domain";

/**
 * A spec by id, by `<project>/<slug>`, or by a slug only one project has; with `withinProjectId`
 * (an agent, which reads no other project), a bare slug is looked up in that project alone.
 */
export function requireSpec(db: DbClient, ref: string, withinProjectId?: string): Spec {
  const byId = findSpecById(db, ref);
  if (byId) return byId;
  const slash = ref.indexOf("/");
  if (slash > 0) {
    const project = findProjectByRef(db, ref.slice(0, slash));
    const spec = project && findSpecsBySlug(db, ref.slice(slash + 1).toLowerCase(), project.id)[0];
    if (!spec) throw notFound("spec", ref);
    return spec;
  }
  const matches = findSpecsBySlug(db, ref.toLowerCase(), withinProjectId);
  if (matches.length > 1) {
    throw new DomainError("INVALID_INPUT", `several projects have a spec "${ref}"; name it as <project>/${ref}`, {
      field: "id",
    });
  }
  if (!matches[0]) throw notFound("spec", ref);
  return matches[0];
}
