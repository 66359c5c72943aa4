import { type AttentionCounts, LANDER_LAND_STATES } from "@maestro/domain";
import { and, count, eq, notInArray, sql } from "drizzle-orm";
import { sessionTable } from "../schema/session";
import { specPhaseTable } from "../schema/spec";
import { taskTable } from "../schema/task";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

/** What waits for the person in every project, counted in the database (no rows are read). */
export async function countAttention(handle: Db): Promise<AttentionCounts> {
  const db = sqliteOf(handle);
  const needsInput = db.select({ n: count() }).from(sessionTable).where(eq(sessionTable.status, "needs_input")).get();
  const landState = sql`coalesce(json_extract(${taskTable.landing}, '$.landState'), 'none')`;
  const inReview = db
    .select({ n: count() })
    .from(taskTable)
    .where(and(eq(taskTable.status, "in_review"), notInArray(landState, [...LANDER_LAND_STATES])))
    .get();
  const approvals = db
    .select({ n: count() })
    .from(specPhaseTable)
    .where(eq(specPhaseTable.reviewState, "in_review"))
    .get();
  return { needsInput: needsInput?.n ?? 0, inReview: inReview?.n ?? 0, approvals: approvals?.n ?? 0 };
}
