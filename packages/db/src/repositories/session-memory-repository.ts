import { eq, sql } from "drizzle-orm";
import type { Db } from "../store/store";

/** Keeps the highest memory reported for the session: a later, lower reading never lowers its peak. */
export async function raiseSessionPeakRss(db: Db, sessionId: string, peakRssMb: number): Promise<void> {
  const { sessionTable } = db.t;
  // SQLite's two-argument max() is PostgreSQL's greatest().
  const greatest = db.engine === "sqlite" ? sql.raw("MAX") : sql.raw("GREATEST");
  await db.orm
    .update(sessionTable)
    .set({ peakRssMb: sql`${greatest}(COALESCE(${sessionTable.peakRssMb}, 0), ${peakRssMb})` })
    .where(eq(sessionTable.id, sessionId));
}

/**
 * For each profile, the highest peak memory among its newest `perAgent` measured sessions: what
 * one more of its sessions is expected to take. One pass over the measured sessions.
 */
export async function recentPeakRssByAgent(db: Db, perAgent: number): Promise<Map<string, number>> {
  const rows = await db.all<{ agent: string; peakRssMb: number }>(sql`
    SELECT agent, MAX(peak_rss_mb) AS "peakRssMb" FROM (
      SELECT agent, peak_rss_mb,
             ROW_NUMBER() OVER (PARTITION BY agent ORDER BY created_at DESC, id DESC) AS n
      FROM sessions WHERE peak_rss_mb IS NOT NULL
    ) AS ranked WHERE n <= ${perAgent}
    GROUP BY agent`);
  return new Map(rows.map((row) => [row.agent, row.peakRssMb]));
}
