import { type AttentionCounts, LANDER_LAND_STATES } from "@maestro/domain";
import { and, count, eq, notInArray, sql } from "drizzle-orm";
import { first } from "../store/db";
import type { Db } from "../store/store";

/** What waits for the person in every project, counted in the database (no rows are read). */
export async function countAttention(db: Db): Promise<AttentionCounts> {
  const { sessionTable, specPhaseTable, taskTable } = db.t;
  const needsInput = await first(
    db.orm.select({ n: count() }).from(sessionTable).where(eq(sessionTable.status, "needs_input")),
  );
  const landState =
    db.engine === "sqlite"
      ? sql`coalesce(json_extract(${taskTable.landing}, '$.landState'), 'none')`
      : sql`coalesce(${taskTable.landing} ->> 'landState', 'none')`;
  const inReview = await first(
    db.orm
      .select({ n: count() })
      .from(taskTable)
      .where(and(eq(taskTable.status, "in_review"), notInArray(landState, [...LANDER_LAND_STATES]))),
  );
  const approvals = await first(
    db.orm.select({ n: count() }).from(specPhaseTable).where(eq(specPhaseTable.reviewState, "in_review")),
  );
  return { needsInput: needsInput?.n ?? 0, inReview: inReview?.n ?? 0, approvals: approvals?.n ?? 0 };
}
