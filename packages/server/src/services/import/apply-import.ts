import type { ImportPlan } from "@maestro/domain";
import { writeTextFile } from "../spec/spec-files";
import { steeringPath } from "../steering/steering-files";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import type { ImportWork } from "./import-work";
import { type ImportRequest, loadBundle } from "./load-bundle";
import { planImport } from "./plan-import";
import { writeTasks } from "./write-tasks";
import { createSpecRows, linkSpecItems, writeSpecDocuments } from "./write-specs";

/** Steering files are written once the import's transaction has committed (a refused import writes none). */
function writeSteering(work: ImportWork): void {
  for (const doc of work.steering) {
    if (doc.action !== "unchanged") {
      writeTextFile(work.project.rootDir, steeringPath(work.project.rootDir, doc.file), doc.content);
    }
  }
}

/**
 * Imports a bundle as its plan says, in one transaction: planned again inside it (so what it
 * writes is what the plan it returns says), specs, tasks with their parents and dependencies,
 * then the specs' documents. One bad item refuses everything. Never touches autopilot: with it
 * on, the created tasks are held.
 */
export async function applyImport({ ctx, input }: VerbArgs<ImportRequest>): Promise<ImportPlan & { applied: true }> {
  const { project, bundle } = await loadBundle(ctx, input);
  const work = await inTransaction(ctx, async (tx, record) => {
    const planned = await planImport(tx, project, bundle);
    const specIds = await createSpecRows(tx, record, planned);
    const taskIds = await writeTasks(tx, record, planned, specIds);
    await linkSpecItems(tx, planned, taskIds, specIds);
    await writeSpecDocuments(ctx, tx, record, planned, specIds);
    return planned;
  });
  writeSteering(work);
  return { ...work.plan, applied: true };
}
