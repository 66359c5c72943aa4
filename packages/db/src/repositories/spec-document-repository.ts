import { randomUUID } from "node:crypto";
import type { DocumentPhase, DocumentSource, ReviewKind, SpecDocumentVersion, SpecReview } from "@maestro/domain";
import { type SQL, and, asc, desc, eq, lt, sql } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import type { SpecReviewRow, SpecVersionRow } from "../schema/spec";
import { first } from "../store/db";
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
  db: Db,
  specId: string,
  phase: DocumentPhase,
): Promise<SpecDocumentVersion | undefined> {
  const { specVersionTable } = db.t;
  const row = await first(
    db.orm
      .select()
      .from(specVersionTable)
      .where(ofPhase(specVersionTable, specId, phase))
      .orderBy(desc(specVersionTable.version)),
  );
  return row && toDocumentVersion(row);
}

export async function findDocumentVersion(
  db: Db,
  specId: string,
  phase: DocumentPhase,
  version: number,
): Promise<SpecDocumentVersion | undefined> {
  const { specVersionTable } = db.t;
  const row = await first(
    db.orm
      .select()
      .from(specVersionTable)
      .where(ofVersion(specVersionTable, specId, phase, version)),
  );
  return row && toDocumentVersion(row);
}

/** A document's versions newest first: `limit` of them, below version `before` when given. */
export async function listDocumentVersions(
  db: Db,
  document: { specId: string; phase: DocumentPhase },
  page: { limit: number; before?: number },
): Promise<SpecDocumentVersion[]> {
  const { specVersionTable } = db.t;
  const conditions = [ofPhase(specVersionTable, document.specId, document.phase)];
  if (page.before !== undefined) conditions.push(lt(specVersionTable.version, page.before));
  const rows = await db.orm
    .select()
    .from(specVersionTable)
    .where(and(...conditions))
    .orderBy(desc(specVersionTable.version))
    .limit(page.limit);
  return rows.map(toDocumentVersion);
}

/**
 * Locks one phase document of a spec for the rest of the caller's transaction: on PostgreSQL its
 * `spec_phases` row, `FOR NO KEY UPDATE` (a no-op on SQLite, whose one writer already orders
 * transactions). A caller that reads the latest version to write the next one from it (a checkbox
 * ticked in tasks.md) takes it before that read, so a concurrent writer's version is not lost.
 */
export async function lockSpecPhase(tx: Db, specId: string, phase: DocumentPhase): Promise<void> {
  if (tx.engine === "postgres") {
    await tx.run(sql`SELECT 1 FROM spec_phases WHERE spec_id = ${specId} AND phase = ${phase} FOR NO KEY UPDATE`);
  }
}

/**
 * Stores the next version of a phase document (1 for the first). It locks the phase first
 * (lockSpecPhase), so two writers of one document take versions one after the other instead of
 * both reading the same latest one.
 */
export async function insertDocumentVersion(
  db: Db,
  values: { specId: string; phase: DocumentPhase; text: string; author: string; source: DocumentSource },
  now = new Date(),
): Promise<SpecDocumentVersion> {
  const { specVersionTable } = db.t;
  await lockSpecPhase(db, values.specId, values.phase);
  const version = ((await latestDocument(db, values.specId, values.phase))?.version ?? 0) + 1;
  const [row] = await db.orm
    .insert(specVersionTable)
    .values({ ...values, version, createdAt: now })
    .returning();
  return toDocumentVersion(row!);
}

export async function insertReview(
  db: Db,
  values: { specId: string; phase: DocumentPhase; kind: ReviewKind; version: number; actor: string; comment: string },
  now = new Date(),
): Promise<SpecReview> {
  const { specReviewTable } = db.t;
  const [row] = await db.orm
    .insert(specReviewTable)
    .values({ id: randomUUID(), ...values, createdAt: now })
    .returning();
  return toReview(row!);
}

/** Oldest first. */
export async function listReviews(db: Db, specId: string): Promise<SpecReview[]> {
  const { specReviewTable } = db.t;
  const rows = await db.orm
    .select()
    .from(specReviewTable)
    .where(eq(specReviewTable.specId, specId))
    .orderBy(asc(specReviewTable.createdAt));
  return rows.map(toReview);
}

export async function listApprovals(
  db: Db,
  specId: string,
  phase: DocumentPhase,
  version: number,
): Promise<SpecReview[]> {
  const { specReviewTable } = db.t;
  const rows = await db.orm
    .select()
    .from(specReviewTable)
    .where(and(ofVersion(specReviewTable, specId, phase, version), eq(specReviewTable.kind, "approval")))
    .orderBy(asc(specReviewTable.createdAt));
  return rows.map(toReview);
}
