import { randomUUID } from "node:crypto";
import type { DocumentPhase, DocumentSource, ReviewKind, SpecDocumentVersion, SpecReview } from "@maestro/domain";
import { type SQL, and, asc, desc, eq, lt } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { type SpecReviewRow, type SpecVersionRow, specReviewTable, specVersionTable } from "../schema/spec";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

function toReview(row: SpecReviewRow): SpecReview {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

function toDocumentVersion(row: SpecVersionRow): SpecDocumentVersion {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** Rows about one phase document of a spec (phases, versions and reviews all name it so). */
export function ofPhase(
  table: { specId: AnySQLiteColumn; phase: AnySQLiteColumn },
  specId: string,
  phase: DocumentPhase,
): SQL | undefined {
  return and(eq(table.specId, specId), eq(table.phase, phase));
}

/** Rows about one version of a phase document. */
function ofVersion(
  table: { specId: AnySQLiteColumn; phase: AnySQLiteColumn; version: AnySQLiteColumn },
  specId: string,
  phase: DocumentPhase,
  version: number,
): SQL | undefined {
  return and(ofPhase(table, specId, phase), eq(table.version, version));
}

export async function latestDocument(
  handle: Db,
  specId: string,
  phase: DocumentPhase,
): Promise<SpecDocumentVersion | undefined> {
  const db = sqliteOf(handle);
  const row = db
    .select()
    .from(specVersionTable)
    .where(ofPhase(specVersionTable, specId, phase))
    .orderBy(desc(specVersionTable.version))
    .limit(1)
    .get();
  return row && toDocumentVersion(row);
}

export async function findDocumentVersion(
  handle: Db,
  specId: string,
  phase: DocumentPhase,
  version: number,
): Promise<SpecDocumentVersion | undefined> {
  const db = sqliteOf(handle);
  const row = db
    .select()
    .from(specVersionTable)
    .where(ofVersion(specVersionTable, specId, phase, version))
    .get();
  return row && toDocumentVersion(row);
}

/** Oldest first. */
/** A document's versions newest first: `limit` of them, below version `before` when given. */
export async function listDocumentVersions(
  handle: Db,
  document: { specId: string; phase: DocumentPhase },
  page: { limit: number; before?: number },
): Promise<SpecDocumentVersion[]> {
  const db = sqliteOf(handle);
  const conditions = [ofPhase(specVersionTable, document.specId, document.phase)];
  if (page.before !== undefined) conditions.push(lt(specVersionTable.version, page.before));
  return db
    .select()
    .from(specVersionTable)
    .where(and(...conditions))
    .orderBy(desc(specVersionTable.version))
    .limit(page.limit)
    .all()
    .map(toDocumentVersion);
}

/** Stores the next version of a phase document (1 for the first). */
export async function insertDocumentVersion(
  handle: Db,
  values: { specId: string; phase: DocumentPhase; text: string; author: string; source: DocumentSource },
  now = new Date(),
): Promise<SpecDocumentVersion> {
  const db = sqliteOf(handle);
  const version = ((await latestDocument(handle, values.specId, values.phase))?.version ?? 0) + 1;
  const row = db
    .insert(specVersionTable)
    .values({ ...values, version, createdAt: now })
    .returning()
    .get();
  return toDocumentVersion(row);
}

export async function insertReview(
  handle: Db,
  values: { specId: string; phase: DocumentPhase; kind: ReviewKind; version: number; actor: string; comment: string },
  now = new Date(),
): Promise<SpecReview> {
  const db = sqliteOf(handle);
  return toReview(
    db
      .insert(specReviewTable)
      .values({ id: randomUUID(), ...values, createdAt: now })
      .returning()
      .get(),
  );
}

/** Oldest first. */
export async function listReviews(handle: Db, specId: string): Promise<SpecReview[]> {
  const db = sqliteOf(handle);
  return db
    .select()
    .from(specReviewTable)
    .where(eq(specReviewTable.specId, specId))
    .orderBy(asc(specReviewTable.createdAt))
    .all()
    .map(toReview);
}

export async function listApprovals(
  handle: Db,
  specId: string,
  phase: DocumentPhase,
  version: number,
): Promise<SpecReview[]> {
  const db = sqliteOf(handle);
  return db
    .select()
    .from(specReviewTable)
    .where(and(ofVersion(specReviewTable, specId, phase, version), eq(specReviewTable.kind, "approval")))
    .orderBy(asc(specReviewTable.createdAt))
    .all()
    .map(toReview);
}
