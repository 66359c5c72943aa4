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
import { type SpecRow, specPhaseTable, specTable, specTaskTable } from "../schema/spec";
import { latestDocument, listApprovals, ofPhase } from "./spec-document-repository";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

/** A spec with the state of each phase: review state, current version, approvals of it. */
async function toSpec(handle: Db, row: SpecRow): Promise<Spec> {
  const db = sqliteOf(handle);
  const phaseRows = db.select().from(specPhaseTable).where(eq(specPhaseTable.specId, row.id)).all();
  const phases = [];
  for (const phase of DOCUMENT_PHASES) {
    const state = phaseRows.find((phaseRow) => phaseRow.phase === phase);
    const version = (await latestDocument(handle, row.id, phase))?.version ?? null;
    const approvals = version === null ? 0 : (await listApprovals(handle, row.id, phase, version)).length;
    phases.push({
      phase,
      reviewState: state?.reviewState ?? "draft",
      requiredApprovals: state?.requiredApprovals ?? 1,
      approvals,
      version,
    });
  }
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

export async function insertSpec(handle: Db, values: NewSpec, now = new Date()): Promise<Spec> {
  const db = sqliteOf(handle);
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
  return await toSpec(handle, row);
}

export async function findSpecById(handle: Db, id: string): Promise<Spec | undefined> {
  const db = sqliteOf(handle);
  const row = db.select().from(specTable).where(eq(specTable.id, id)).get();
  return row && (await toSpec(handle, row));
}

/** Specs with this slug, in one project or in every project. */
export async function findSpecsBySlug(handle: Db, slug: string, projectId?: string): Promise<Spec[]> {
  const db = sqliteOf(handle);
  const conditions = [eq(specTable.slug, slug)];
  if (projectId) conditions.push(eq(specTable.projectId, projectId));
  return Promise.all(
    db
      .select()
      .from(specTable)
      .where(and(...conditions))
      .all()
      .map(async (row) => await toSpec(handle, row)),
  );
}

export async function listSpecs(handle: Db, filter: { projectId?: string } = {}): Promise<Spec[]> {
  return await pageSpecs(handle, { ...filter, limit: Number.MAX_SAFE_INTEGER });
}

/** Specs oldest first (id breaks ties): `limit` of them, after `after` when given. */
export async function pageSpecs(
  handle: Db,
  page: { projectId?: string; limit: number; after?: TimePosition },
): Promise<Spec[]> {
  const db = sqliteOf(handle);
  const { createdAt, id } = specTable;
  const after = page.after;
  return Promise.all(
    db
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
      .map(async (row) => await toSpec(handle, row)),
  );
}

export async function updateSpec(
  handle: Db,
  id: string,
  patch: { phase?: SpecPhase; status?: SpecStatus },
  now = new Date(),
): Promise<Spec> {
  const db = sqliteOf(handle);
  const row = db
    .update(specTable)
    .set({ ...patch, updatedAt: now })
    .where(eq(specTable.id, id))
    .returning()
    .get();
  if (!row) throw new Error(`spec ${id} vanished inside its transaction`);
  return await toSpec(handle, row);
}

export async function setReviewState(
  handle: Db,
  specId: string,
  phase: DocumentPhase,
  reviewState: ReviewState,
  now = new Date(),
): Promise<void> {
  const db = sqliteOf(handle);
  db.update(specPhaseTable)
    .set({ reviewState, updatedAt: now })
    .where(ofPhase(specPhaseTable, specId, phase))
    .run();
}

/** tasks.md item number → task id, for the tasks a spec created. */
export async function listSpecTaskLinks(handle: Db, specId: string): Promise<Map<string, string>> {
  const db = sqliteOf(handle);
  const rows = db.select().from(specTaskTable).where(eq(specTaskTable.specId, specId)).all();
  return new Map(rows.map((row) => [row.item, row.taskId]));
}

export async function linkSpecTask(handle: Db, link: { specId: string; item: string; taskId: string }): Promise<void> {
  const db = sqliteOf(handle);
  db.insert(specTaskTable)
    .values(link)
    .onConflictDoUpdate({ target: [specTaskTable.specId, specTaskTable.item], set: { taskId: link.taskId } })
    .run();
}

/** The spec item a task was created from, if any. */
export async function findSpecItemOfTask(
  handle: Db,
  taskId: string,
): Promise<{ specId: string; item: string } | undefined> {
  const db = sqliteOf(handle);
  return db
    .select({ specId: specTaskTable.specId, item: specTaskTable.item })
    .from(specTaskTable)
    .where(eq(specTaskTable.taskId, taskId))
    .get();
}
