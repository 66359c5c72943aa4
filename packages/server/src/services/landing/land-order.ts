import { listTasks } from "@maestro/db";
import { type Task, subtasksHold, unlandedSubtasks } from "@maestro/domain";
import type { Context } from "../../context";
import { writeLanding } from "./landing-writes";

/**
 * A parent's own branch lands only after all of its subtasks have (the target never holds a
 * parent without them): until then it waits, saying for which; the lander's poll tries again.
 * Returns the task as it now waits, or null when nothing holds it.
 */
export async function holdForSubtasks(ctx: Context, task: Task): Promise<Task | null> {
  if (task.landing.landState === "pr_open") return null;
  const children = await listTasks(ctx.database.db, { projectId: task.projectId, parentId: task.id });
  const hold = subtasksHold(unlandedSubtasks(task, children));
  return hold ? writeLanding(ctx, task.id, { landState: "waiting", note: hold }) : null;
}
