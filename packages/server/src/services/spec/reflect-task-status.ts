import {
  findSpecById,
  findSpecItemOfTask,
  latestDocument,
  listSpecTaskLinks,
  listTasks,
  updateSpec,
} from "@maestro/db";
import { type Task, setTaskChecked } from "@maestro/domain";
import type { Context } from "../../context";
import { inTransaction } from "../unit-of-work";
import { saveVersion } from "./save-version";

/** Ticks (or clears) the task's box in tasks.md; a spec whose tasks are all done is done. */
export function reflectTaskStatus(ctx: Context, task: Task): void {
  inTransaction(ctx, (tx, record) => {
    const link = findSpecItemOfTask(tx, task.id);
    const spec = link && findSpecById(tx, link.specId);
    const latest = spec && latestDocument(tx, spec.id, "tasks");
    if (!link || !spec || !latest) return;
    const text = setTaskChecked(latest.text, link.item, task.status === "done");
    const saved = saveVersion(tx, record, { spec, phase: "tasks", text, author: "maestro", source: "system" });
    const current = saved?.spec ?? spec;
    if (current.phase !== "implementation") return;
    const linked = new Set(listSpecTaskLinks(tx, spec.id).values());
    const tasks = listTasks(tx, { projectId: spec.projectId }).filter((candidate) => linked.has(candidate.id));
    if (tasks.length === 0 || tasks.some((candidate) => candidate.status !== "done")) return;
    const done = updateSpec(tx, spec.id, { phase: "done", status: "done" });
    record({
      kind: "spec.updated",
      entity: "spec",
      entityId: spec.id,
      projectId: spec.projectId,
      payload: { spec: done, changed: ["phase", "status"] },
    });
  });
}
