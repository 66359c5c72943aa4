import type { Task, TaskCheck } from "@maestro/domain";
import type { RecordEvent } from "../unit-of-work";

export function recordTaskChecked(record: RecordEvent, task: Task, check: TaskCheck): void {
  record({ kind: "task.checked", entity: "task", entityId: task.id, projectId: task.projectId, payload: { check } });
}
