import type { ImportPlan } from "@maestro/domain";
import type { VerbArgs } from "../unit-of-work";
import { type ImportRequest, loadBundle } from "./load-bundle";
import { planImport } from "./plan-import";

/** What an import would do; writes nothing. */
export function previewImport({ ctx, input }: VerbArgs<ImportRequest>): ImportPlan {
  const { project, bundle } = loadBundle(ctx, input);
  return planImport(ctx.database.db, project, bundle).plan;
}
