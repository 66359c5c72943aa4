import { SESSION_STATUSES, type SessionStatus } from "@maestro/domain";
import { sql } from "drizzle-orm";
import type { Db } from "../store/store";

/**
 * Sessions counted per status, one count per status through `sessions_status_created_idx`: each walks
 * only its status's range of the index, never the table (a scrape of /metrics every few
 * seconds must not grow with the history of ended sessions any more than the index does).
 * SQLite is told the index (INDEXED BY); PostgreSQL's planner picks it from the equality.
 */
export async function countSessionsByStatus(db: Db): Promise<Record<SessionStatus, number>> {
  const from = db.engine === "sqlite" ? sql`sessions INDEXED BY sessions_status_created_idx` : sql`sessions`;
  const counts = {} as Record<SessionStatus, number>;
  for (const status of SESSION_STATUSES) {
    const row = await db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${from} WHERE status = ${status}`);
    counts[status] = Number(row?.n ?? 0);
  }
  return counts;
}
