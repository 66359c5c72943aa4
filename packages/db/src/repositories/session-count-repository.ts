import { SESSION_STATUSES, type SessionStatus } from "@maestro/domain";
import { sql } from "drizzle-orm";
import { sqliteOf } from "../store/db";
import { type Db } from "../store/store";

/**
 * Sessions counted per status, one count per status through `sessions_status_idx`: each walks
 * only its status's range of the index, never the table (a scrape of /metrics every few
 * seconds must not grow with the history of ended sessions any more than the index does).
 */
export async function countSessionsByStatus(handle: Db): Promise<Record<SessionStatus, number>> {
  const db = sqliteOf(handle);
  const counts = {} as Record<SessionStatus, number>;
  for (const status of SESSION_STATUSES) {
    const row = db.get<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM sessions INDEXED BY sessions_status_idx WHERE status = ${status}`,
    );
    counts[status] = row?.n ?? 0;
  }
  return counts;
}
