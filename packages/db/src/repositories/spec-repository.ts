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
import type { SpecRow } from "../schema/spec";
import { first } from "../store/db";
import { latestDocument, listApprovals, ofPhase } from "./spec-document-repository";
import { type Db } from "../store/store";

/** A spec with the state of each phase: review state, current version, approvals of it. */
async function toSpec(db: Db, row: SpecRow): Promise<Spec> {
  const { specPhaseTable } = db.t;
  const phaseRows = await db.orm.select().from(specPhaseTable).where(eq(specPhaseTable.specId, row.id));
  const phases = [];
  for (const phase of DOCUMENT_PHASES) {
    const state = phaseRows.find((phaseRow) => phaseRow.phase === phase);
    const version = (await latestDocument(db, row.id, phase))?.version ?? null;
    const approvals = version === null ? 0 : (await listApprovals(db, row.id, phase, version)).length;
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

export async function insertSpec(db: Db, values: NewSpec, now = new Date()): Promise<Spec> {
  const { specTable, specPhaseTable } = db.t;
  const { requiredApprovals, ...fields } = values;
  const [row] = await db.orm
    .insert(specTable)
    .values({ id: randomUUID(), ...fields, phase: "requirements", status: "active", createdAt: now, updatedAt: now })
    .returning();
  await db.orm.insert(specPhaseTable).values(
    DOCUMENT_PHASES.map((phase) => ({
      specId: row!.id,
      phase,
      reviewState: "draft" as const,
      requiredApprovals,
      updatedAt: now,
    })),
  );
  return await toSpec(db, row!);
}

export async function findSpecById(db: Db, id: string): Promise<Spec | undefined> {
  const { specTable } = db.t;
  const row = await first(db.orm.select().from(specTable).where(eq(specTable.id, id)));
  return row && (await toSpec(db, row));
}

/** Specs with this slug, in one project or in every project. */
export async function findSpecsBySlug(db: Db, slug: string, projectId?: string): Promise<Spec[]> {
  const { specTable } = db.t;
  const conditions = [eq(specTable.slug, slug)];
  if (projectId) conditions.push(eq(specTable.projectId, projectId));
  const rows = await db.orm
    .select()
    .from(specTable)
    .where(and(...conditions));
  return await Promise.all(rows.map(async (row) => await toSpec(db, row)));
}

export async function listSpecs(db: Db, filter: { projectId?: string } = {}): Promise<Spec[]> {
  return await pageSpecs(db, { ...filter, limit: Number.MAX_SAFE_INTEGER });
}

/** Specs oldest first (id breaks ties): `limit` of them, after `after` when given. */
export async function pageSpecs(
  db: Db,
  page: { projectId?: string; limit: number; after?: TimePosition },
): Promise<Spec[]> {
  const { specTable } = db.t;
  const { createdAt, id } = specTable;
  const after = page.after;
  const rows = await db.orm
    .select()
    .from(specTable)
    .where(
      and(
        page.projectId ? eq(specTable.projectId, page.projectId) : undefined,
        after ? or(gt(createdAt, after.createdAt), and(eq(createdAt, after.createdAt), gt(id, after.id))) : undefined,
      ),
    )
    .orderBy(asc(createdAt), asc(id))
    .limit(page.limit);
  return await Promise.all(rows.map(async (row) => await toSpec(db, row)));
}

export async function updateSpec(
  db: Db,
  id: string,
  patch: { phase?: SpecPhase; status?: SpecStatus },
  now = new Date(),
): Promise<Spec> {
  const { specTable } = db.t;
  const [row] = await db.orm
    .update(specTable)
    .set({ ...patch, updatedAt: now })
    .where(eq(specTable.id, id))
    .returning();
  if (!row) throw new Error(`spec ${id} vanished inside its transaction`);
  return await toSpec(db, row);
}

export async function setReviewState(
  db: Db,
  specId: string,
  phase: DocumentPhase,
  reviewState: ReviewState,
  now = new Date(),
): Promise<void> {
  const { specPhaseTable } = db.t;
  await db.orm
    .update(specPhaseTable)
    .set({ reviewState, updatedAt: now })
    .where(ofPhase(specPhaseTable, specId, phase));
}

/** tasks.md item number → task id, for the tasks a spec created. */
export async function listSpecTaskLinks(db: Db, specId: string): Promise<Map<string, string>> {
  const { specTaskTable } = db.t;
  const rows = await db.orm.select().from(specTaskTable).where(eq(specTaskTable.specId, specId));
  return new Map(rows.map((row) => [row.item, row.taskId]));
}

export async function linkSpecTask(db: Db, link: { specId: string; item: string; taskId: string }): Promise<void> {
  const { specTaskTable } = db.t;
  await db.orm
    .insert(specTaskTable)
    .values(link)
    .onConflictDoUpdate({ target: [specTaskTable.specId, specTaskTable.item], set: { taskId: link.taskId } });
}

/** The spec item a task was created from, if any. */
export async function findSpecItemOfTask(
  db: Db,
  taskId: string,
): Promise<{ specId: string; item: string } | undefined> {
  const { specTaskTable } = db.t;
  return await first(
    db.orm
      .select({ specId: specTaskTable.specId, item: specTaskTable.item })
      .from(specTaskTable)
      .where(eq(specTaskTable.taskId, taskId)),
  );
}
