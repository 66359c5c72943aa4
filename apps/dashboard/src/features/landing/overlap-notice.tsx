import type { Task } from "@maestro/domain";
import { useMemo } from "react";
import { useProjectTasks } from "../task/use-project-tasks";
import styles from "./landing.module.css";
import { describeOverlap, overlapsByTask } from "./overlaps";

/** Note "Overlapping work": the files this task's branch shares with other tasks in flight. */
export function OverlapNotice({ task }: { task: Task }) {
  const { query } = useProjectTasks(task.projectId);
  const byTask = useMemo(() => overlapsByTask(query.data ?? []), [query.data]);
  const overlaps = byTask.get(task.id) ?? [];
  if (overlaps.length === 0) return null;
  return (
    <div className={`notice ${styles.stacked}`} role="note" aria-label="Overlapping work">
      <strong>Overlapping work:</strong>
      <ul>
        {overlaps.map((overlap) => (
          <li key={overlap.file}>{describeOverlap(overlap)}</li>
        ))}
      </ul>
    </div>
  );
}
