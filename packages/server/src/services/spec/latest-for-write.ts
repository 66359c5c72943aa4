import { type Db, latestDocument, lockSpecPhase } from "@maestro/db";
import type { DocumentPhase } from "@maestro/domain";

/**
 * The latest version of a spec's document, read to write the next one (or a review of it): the
 * phase is locked first (PostgreSQL; SQLite has one writer), so two writers of one document, say
 * two of its tasks finishing at once, each build on the other's text instead of losing a change,
 * and two approvals of one phase are counted one after the other.
 */
export async function latestForWrite(tx: Db, specId: string, phase: DocumentPhase) {
  await lockSpecPhase(tx, specId, phase);
  return await latestDocument(tx, specId, phase);
}
