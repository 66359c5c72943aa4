import { latestForWrite } from "./latest-for-write";
import { findSpecById, findSpecItemOfTask, listSpecTaskLinks, listTasks, updateSpec } from "@maestro/db";
import { type Task, setTaskChecked } from "@maestro/domain";
import type { Context } from "../../context";
import { inTransaction } from "../unit-of-work";
import { saveVersion } from "./save-version";

/** Ticks (or clears) the task's box in tasks.md; a spec whose tasks are all done is done. */
export async function reflectTaskStatus(ctx: Context, task: Task): Promise<void> {
  await inTransaction(ctx, async (tx, record) => {
    const link = await findSpecItemOfTask(tx, task.id);
    const spec = link && (await findSpecById(tx, link.specId));
    const latest = spec && (await latestForWrite(tx, spec.id, "tasks"));
    if (!link || !spec || !latest) return;
    const text = setTaskChecked(latest.text, link.item, task.status === "done");
    const saved = await saveVersion(tx, record, { spec, phase: "tasks", text, author: "maestro", source: "system" });
    const current = saved?.spec ?? spec;
    if (current.phase !== "implementation") return;
    const linked = new Set((await listSpecTaskLinks(tx, spec.id)).values());
    const tasks = (await listTasks(tx, { projectId: spec.projectId })).filter((candidate) => linked.has(candidate.id));
    if (tasks.length === 0 || tasks.some((candidate) => candidate.status !== "done")) return;
    const done = await updateSpec(tx, spec.id, { phase: "done", status: "done" });
    record({
      kind: "spec.updated",
      entity: "spec",
      entityId: spec.id,
      projectId: spec.projectId,
      payload: { spec: done, changed: ["phase", "status"] },
    });
  });
}
