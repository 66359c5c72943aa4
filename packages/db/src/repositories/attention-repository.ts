import type { AttentionCounts } from "@maestro/domain";
import { count, eq } from "drizzle-orm";
import type { DbClient } from "../database";
import { sessionTable } from "../schema/session";
import { specPhaseTable } from "../schema/spec";
import { taskTable } from "../schema/task";

/** What waits for the person in every project, counted in the database (no rows are read). */
export function countAttention(db: DbClient): AttentionCounts {
  const needsInput = db.select({ n: count() }).from(sessionTable).where(eq(sessionTable.status, "needs_input")).get();
  const inReview = db.select({ n: count() }).from(taskTable).where(eq(taskTable.status, "in_review")).get();
  const approvals = db
    .select({ n: count() })
    .from(specPhaseTable)
    .where(eq(specPhaseTable.reviewState, "in_review"))
    .get();
  return { needsInput: needsInput?.n ?? 0, inReview: inReview?.n ?? 0, approvals: approvals?.n ?? 0 };
}
