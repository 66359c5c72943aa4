import {
  type Db,
  findSpecById,
  findSpecItemOfTask,
  insertSpec,
  latestDocument,
  linkSpecTask,
  setSpecSourceRef,
  sourceRefOf,
} from "@maestro/db";
import type { DocumentPhase } from "@maestro/domain";
import type { Context } from "../../context";
import { assertDiskInSync, requireSpecProject, saveVersion } from "../spec/save-version";
import type { RecordEvent } from "../unit-of-work";
import type { ImportWork } from "./import-work";

/** Creates the specs the import brings (rows only, so tasks can point at them); their ids by sourceId. */
export async function createSpecRows(tx: Db, record: RecordEvent, work: ImportWork): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const planned of work.specs) {
    if (planned.existing) {
      ids.set(planned.item.sourceId, planned.existing.id);
      continue;
    }
    const spec = await insertSpec(tx, {
      projectId: work.project.id,
      slug: planned.slug,
      name: planned.item.name,
      request: "",
      requiredApprovals: work.project.settings.specApprovals,
    });
    await setSpecSourceRef(tx, spec.id, sourceRefOf(work.bundle.source, planned.item.sourceId));
    record({ kind: "spec.created", entity: "spec", entityId: spec.id, projectId: spec.projectId, payload: { spec } });
    ids.set(planned.item.sourceId, spec.id);
  }
  return ids;
}

/**
 * Writes each spec's changed documents as new versions through the spec services (mirrored to
 * disk). Last in the transaction, so a refused import leaves no document file behind.
 */
export async function writeSpecDocuments(
  ctx: Context,
  tx: Db,
  record: RecordEvent,
  work: ImportWork,
  ids: Map<string, string>,
): Promise<void> {
  for (const planned of work.specs) {
    for (const [phase, text] of Object.entries(planned.documents) as [DocumentPhase, string][]) {
      const spec = (await findSpecById(tx, ids.get(planned.item.sourceId)!))!;
      assertDiskInSync(await requireSpecProject(tx, spec), spec, phase, await latestDocument(tx, spec.id, phase));
      await saveVersion(tx, record, { spec, phase, text, author: ctx.actor, source: "api" });
    }
  }
}

/**
 * Links each task that names its item in its spec's kept tasks document (`specItem`) to that
 * item, as approving the document would, so a later approval updates the task instead of adding
 * a copy. A task already linked stays as it is.
 */
export async function linkSpecItems(
  tx: Db,
  work: ImportWork,
  taskIds: Map<string, string>,
  specIds: Map<string, string>,
): Promise<void> {
  const keeping = new Set(work.specs.filter((spec) => spec.keepsTasks).map((spec) => spec.item.sourceId));
  for (const { item } of work.tasks) {
    if (item.specItem === undefined || item.specSourceId === null || !keeping.has(item.specSourceId)) continue;
    const taskId = taskIds.get(item.sourceId)!;
    if (await findSpecItemOfTask(tx, taskId)) continue;
    await linkSpecTask(tx, { specId: specIds.get(item.specSourceId)!, item: item.specItem, taskId });
  }
}
