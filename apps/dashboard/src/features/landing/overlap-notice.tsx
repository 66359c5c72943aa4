import type { Task } from "@maestro/domain";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { ALL_PAGES, nextCursorOf, useAllPages } from "../../lib/pages";
import { useTRPC } from "../../lib/trpc";
import styles from "./landing.module.css";
import { describeOverlap, overlapsByTask } from "./overlaps";

const UNFINISHED = ["todo", "in_progress", "in_review", "blocked"] as const;

/** Note "Overlapping work": the files this task's branch shares with other tasks in flight. */
export function OverlapNotice({ task }: { task: Task }) {
  const trpc = useTRPC();
  // Only unfinished tasks can overlap (`isInFlight`): a big project's finished ones are not read.
  const query = useAllPages(
    useInfiniteQuery(
      trpc.task.list.infiniteQueryOptions(
        { projectId: task.projectId, status: [...UNFINISHED], ...ALL_PAGES },
        { getNextPageParam: nextCursorOf },
      ),
    ),
  );
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
