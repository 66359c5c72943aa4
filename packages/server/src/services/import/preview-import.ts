import type { ImportPlan } from "@maestro/domain";
import type { VerbArgs } from "../unit-of-work";
import { type ImportRequest, loadBundle } from "./load-bundle";
import { planImport } from "./plan-import";

/** What an import would do; writes nothing. */
export async function previewImport({ ctx, input }: VerbArgs<ImportRequest>): Promise<ImportPlan> {
  const { project, bundle } = await loadBundle(ctx, input);
  return (await planImport(ctx.database.db, project, bundle)).plan;
}
