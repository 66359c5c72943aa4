import {
  CreateTaskInput,
  LandTaskInput,
  ResolveTaskInput,
  ReviewTaskInput,
  TaskDiffInput,
  DeleteTaskInput,
  DependTaskInput,
  ListTasksInput,
  MoveTaskInput,
  ProjectRefInput,
  TaskHistoryInput,
  TaskOverlapsInput,
  TaskRefInput,
  UpdateTaskInput,
} from "@maestro/domain";
import { taskWhy } from "../services/autopilot/read-autopilot";
import { taskSpend } from "../services/budget/read-spend";
import { countTasks } from "../services/task/count-tasks";
import { createTask } from "../services/task/create-task";
import { deleteTask } from "../services/task/delete-task";
import { dependTask, undependTask } from "../services/task/depend-task";
import { moveTask } from "../services/task/move-task";
import { getTask, listTasks } from "../services/task/read-tasks";
import { retryTask } from "../services/task/retry-task";
import { updateTask } from "../services/task/update-task";
import { landTask } from "../services/landing/land-task";
import { listChecks, listOverlaps, listReviews } from "../services/landing/read-landing";
import { resolveTask } from "../services/landing/resolve-task";
import { reviewTask } from "../services/landing/review-task";
import { taskDiff } from "../services/landing/task-diff";
import { grouped } from "../services/group-commit";
import { agentProcedure, publicProcedure, router } from "../trpc";

export const taskRouter = router({
  list: agentProcedure.input(ListTasksInput).query(async ({ ctx, input }) => await listTasks({ ctx, input })),
  /** Tasks per status and ready (the board's column counts), counted without reading them. */
  counts: publicProcedure.input(ProjectRefInput).query(async ({ ctx, input }) => await countTasks({ ctx, input })),
  byId: agentProcedure.input(TaskRefInput).query(({ ctx, input }) => getTask({ ctx, input })),
  create: agentProcedure.input(CreateTaskInput).mutation(grouped(createTask)),
  update: agentProcedure.input(UpdateTaskInput).mutation(grouped(updateTask)),
  /** Why the task is not running (or that it is), as the scheduler sees it now. */
  why: agentProcedure.input(TaskRefInput).query(({ ctx, input }) => taskWhy({ ctx, input })),
  /** Spend of the task and its subtasks against its budget, and any budget holding it back. */
  spend: agentProcedure.input(TaskRefInput).query(async ({ ctx, input }) => await taskSpend({ ctx, input })),
  /** Back to todo with a fresh attempt budget; started now unless autopilot will start it. */
  retry: publicProcedure.input(TaskRefInput).mutation(async ({ ctx, input }) => await retryTask({ ctx, input })),
  delete: publicProcedure.input(DeleteTaskInput).mutation(grouped(deleteTask)),
  depend: publicProcedure.input(DependTaskInput).mutation(grouped(dependTask)),
  undepend: publicProcedure.input(DependTaskInput).mutation(grouped(undependTask)),
  move: publicProcedure.input(MoveTaskInput).mutation(grouped(moveTask)),
  /** What the task's branch changes (files with counts, and the unified diff unless `stat`). */
  diff: agentProcedure.input(TaskDiffInput).query(async ({ ctx, input }) => await taskDiff({ ctx, input })),
  reviews: agentProcedure.input(TaskHistoryInput).query(async ({ ctx, input }) => await listReviews({ ctx, input })),
  checks: agentProcedure.input(TaskHistoryInput).query(({ ctx, input }) => listChecks({ ctx, input })),
  /** Per in-flight task of a project (`id`), the files another in-flight task's branch changes too: a page. */
  overlaps: agentProcedure.input(TaskOverlapsInput).query(({ ctx, input }) => listOverlaps({ ctx, input })),
  review: publicProcedure.input(ReviewTaskInput).mutation(async ({ ctx, input }) => await reviewTask({ ctx, input })),
  land: publicProcedure.input(LandTaskInput).mutation(async ({ ctx, input }) => await landTask({ ctx, input })),
  resolve: publicProcedure
    .input(ResolveTaskInput)
    .mutation(async ({ ctx, input }) => await resolveTask({ ctx, input })),
});
