import { latestForWrite } from "./latest-for-write";
import {} from "@maestro/db";
import { DOCUMENT_PHASES, type DocumentPhase, type SpecRefInput, type SpecSyncResult } from "@maestro/domain";
import type { Context } from "../../context";
import { type VerbArgs, inTransaction } from "../unit-of-work";
import { documentPath, readTextFile } from "./spec-files";
import { requireSpec } from "./resolve-spec";
import { requireSpecProject, saveVersion } from "./save-version";

/**
 * Disk → versions: each document file that differs from its current version becomes a new
 * version (author "disk"). One transaction: a bad tasks.md refuses the whole sync.
 */
export async function syncSpecFiles(
  ctx: Context,
  ref: string,
  phases: readonly DocumentPhase[] = DOCUMENT_PHASES,
): Promise<SpecSyncResult> {
  return await inTransaction(ctx, async (tx, record) => {
    let spec = await requireSpec(tx, ref);
    const project = await requireSpecProject(tx, spec);
    const created: SpecSyncResult["created"] = [];
    for (const phase of phases) {
      const text = readTextFile(project.rootDir, documentPath(project.rootDir, spec.slug, phase));
      if (text === null || text === (await latestForWrite(tx, spec.id, phase))?.text) continue;
      const saved = await saveVersion(tx, record, { spec, phase, text, author: "disk", source: "disk" });
      if (!saved) continue;
      spec = saved.spec;
      created.push({ phase, version: saved.version.version });
    }
    return { spec, created };
  });
}

export async function syncSpec({ ctx, input }: VerbArgs<SpecRefInput>): Promise<SpecSyncResult> {
  return await syncSpecFiles(ctx, input.id);
}
