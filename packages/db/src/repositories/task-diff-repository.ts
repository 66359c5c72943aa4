import type { DiffFile } from "@maestro/domain";
import { eq } from "drizzle-orm";
import { first } from "../store/db";
import type { Db } from "../store/store";

/** The diff a runner reported for a task's branch: what review reads when the repository is elsewhere. */
export interface ReportedDiff {
  taskId: string;
  base: string;
  head: string;
  files: DiffFile[];
  patch: string;
  isTruncated: boolean;
  reportedAt: Date;
}

/** Stores the task's diff, replacing the one reported before (each attempt reports its branch's). */
export async function saveTaskDiff(db: Db, diff: ReportedDiff): Promise<void> {
  const { taskDiffTable } = db.t;
  const { taskId: _taskId, ...rest } = diff;
  await db.orm.insert(taskDiffTable).values(diff).onConflictDoUpdate({ target: taskDiffTable.taskId, set: rest });
}

export async function findTaskDiff(db: Db, taskId: string): Promise<ReportedDiff | undefined> {
  const { taskDiffTable } = db.t;
  return await first(db.orm.select().from(taskDiffTable).where(eq(taskDiffTable.taskId, taskId)));
}
