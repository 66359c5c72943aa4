import { randomUUID } from "node:crypto";
import {
  DOCUMENT_PHASES,
  type DocumentPhase,
  type ReviewState,
  type Spec,
  type SpecPhase,
  type SpecStatus,
  type TimePosition,
} from "@maestro/domain";
import { and, asc, eq, gt, or } from "drizzle-orm";
import type { DbClient } from "../database";
import { type SpecRow, specPhaseTable, specTable, specTaskTable } from "../schema/spec";
import { latestDocument, listApprovals, ofPhase } from "./spec-document-repository";

/** A spec with the state of each phase: review state, current version, approvals of it. */
function toSpec(db: DbClient, row: SpecRow): Spec {
  const phaseRows = db.select().from(specPhaseTable).where(eq(specPhaseTable.specId, row.id)).all();
  const phases = DOCUMENT_PHASES.map((phase) => {
    const state = phaseRows.find((phaseRow) => phaseRow.phase === phase);
    const version = latestDocument(db, row.id, phase)?.version ?? null;
    const approvals = version === null ? 0 : listApprovals(db, row.id, phase, version).length;
    return {
      phase,
      reviewState: state?.reviewState ?? "draft",
      requiredApprovals: state?.requiredApprovals ?? 1,
      approvals,
      version,
    };
  });
  return {
    id: row.id,
    projectId: row.projectId,
    slug: row.slug,
    name: row.name,
    request: row.request,
    phase: row.phase,
    status: row.status,
    phases,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export interface NewSpec {
  projectId: string;
  slug: string;
  name: string;
  request: string;
  requiredApprovals: number;
}

export function insertSpec(db: DbClient, values: NewSpec, now = new Date()): Spec {
  const { requiredApprovals, ...fields } = values;
  const row = db
    .insert(specTable)
    .values({ id: randomUUID(), ...fields, phase: "requirements", status: "active", createdAt: now, updatedAt: now })
    .returning()
    .get();
  db.insert(specPhaseTable)
    .values(
      DOCUMENT_PHASES.map((phase) => ({
        specId: row.id,
        phase,
        reviewState: "draft" as const,
        requiredApprovals,
        updatedAt: now,
      })),
    )
    .run();
  return toSpec(db, row);
}

export function findSpecById(db: DbClient, id: string): Spec | undefined {
  const row = db.select().from(specTable).where(eq(specTable.id, id)).get();
  return row && toSpec(db, row);
}

/** Specs with this slug, in one project or in every project. */
export function findSpecsBySlug(db: DbClient, slug: string, projectId?: string): Spec[] {
  const conditions = [eq(specTable.slug, slug)];
  if (projectId) conditions.push(eq(specTable.projectId, projectId));
  return db
    .select()
    .from(specTable)
    .where(and(...conditions))
    .all()
    .map((row) => toSpec(db, row));
}

export function listSpecs(db: DbClient, filter: { projectId?: string } = {}): Spec[] {
  return pageSpecs(db, { ...filter, limit: Number.MAX_SAFE_INTEGER });
}

/** Specs oldest first (id breaks ties): `limit` of them, after `after` when given. */
export function pageSpecs(db: DbClient, page: { projectId?: string; limit: number; after?: TimePosition }): Spec[] {
  const { createdAt, id } = specTable;
  const after = page.after;
  return db
    .select()
    .from(specTable)
    .where(
      and(
        page.projectId ? eq(specTable.projectId, page.projectId) : undefined,
        after ? or(gt(createdAt, after.createdAt), and(eq(createdAt, after.createdAt), gt(id, after.id))) : undefined,
      ),
    )
    .orderBy(asc(createdAt), asc(id))
    .limit(page.limit)
    .all()
    .map((row) => toSpec(db, row));
}

export function updateSpec(
  db: DbClient,
  id: string,
  patch: { phase?: SpecPhase; status?: SpecStatus },
  now = new Date(),
): Spec {
  const row = db
    .update(specTable)
    .set({ ...patch, updatedAt: now })
    .where(eq(specTable.id, id))
    .returning()
    .get();
  if (!row) throw new Error(`spec ${id} vanished inside its transaction`);
  return toSpec(db, row);
}

export function setReviewState(
  db: DbClient,
  specId: string,
  phase: DocumentPhase,
  reviewState: ReviewState,
  now = new Date(),
): void {
  db.update(specPhaseTable)
    .set({ reviewState, updatedAt: now })
    .where(ofPhase(specPhaseTable, specId, phase))
    .run();
}

/** tasks.md item number → task id, for the tasks a spec created. */
export function listSpecTaskLinks(db: DbClient, specId: string): Map<string, string> {
  const rows = db.select().from(specTaskTable).where(eq(specTaskTable.specId, specId)).all();
  return new Map(rows.map((row) => [row.item, row.taskId]));
}

export function linkSpecTask(db: DbClient, link: { specId: string; item: string; taskId: string }): void {
  db.insert(specTaskTable)
    .values(link)
    .onConflictDoUpdate({ target: [specTaskTable.specId, specTaskTable.item], set: { taskId: link.taskId } })
    .run();
}

/** The spec item a task was created from, if any. */
export function findSpecItemOfTask(db: DbClient, taskId: string): { specId: string; item: string } | undefined {
  return db
    .select({ specId: specTaskTable.specId, item: specTaskTable.item })
    .from(specTaskTable)
    .where(eq(specTaskTable.taskId, taskId))
    .get();
}
