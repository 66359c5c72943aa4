import type { Task } from "@maestro/domain";
import { DiffSection } from "./diff/diff-section";
import { LandingSummary } from "./landing-summary";
import { ReviewActions } from "./review/review-actions";
import { ReviewHistory } from "./review/review-history";
import { TaskChecks } from "./task-checks";

/**
 * The Changes tab (task panel and session page): where the task's work stands on its way to the
 * target branch, what can be done about it, its checks, its diff, and what reviewers said.
 * (Overlaps with other tasks show above the tabs: see overlap-notice.tsx.)
 */
export function ChangesTab({ task }: { task: Task }) {
  return (
    <>
      <LandingSummary task={task} />
      <ReviewActions task={task} />
      <TaskChecks task={task} />
      <DiffSection task={task} />
      <ReviewHistory task={task} />
    </>
  );
}
