import {
  CreateTaskInput,
  DeleteTaskInput,
  DependTaskInput,
  ListTasksInput,
  MoveTaskInput,
  TaskRefInput,
  UpdateTaskInput,
} from "@maestro/domain";
import { taskWhy } from "../services/autopilot/read-autopilot";
import { createTask } from "../services/task/create-task";
import { deleteTask } from "../services/task/delete-task";
import { dependTask, undependTask } from "../services/task/depend-task";
import { moveTask } from "../services/task/move-task";
import { getTask, listTasks } from "../services/task/read-tasks";
import { retryTask } from "../services/task/retry-task";
import { updateTask } from "../services/task/update-task";
import { agentProcedure, publicProcedure, router } from "../trpc";

export const taskRouter = router({
  list: agentProcedure.input(ListTasksInput).query(({ ctx, input }) => listTasks({ ctx, input })),
  byId: agentProcedure.input(TaskRefInput).query(({ ctx, input }) => getTask({ ctx, input })),
  create: agentProcedure.input(CreateTaskInput).mutation(({ ctx, input }) => createTask({ ctx, input })),
  update: agentProcedure.input(UpdateTaskInput).mutation(({ ctx, input }) => updateTask({ ctx, input })),
  /** Why the task is not running (or that it is), as the scheduler sees it now. */
  why: agentProcedure.input(TaskRefInput).query(({ ctx, input }) => taskWhy({ ctx, input })),
  /** Back to todo with a fresh attempt budget; started now unless autopilot will start it. */
  retry: publicProcedure.input(TaskRefInput).mutation(({ ctx, input }) => retryTask({ ctx, input })),
  delete: publicProcedure.input(DeleteTaskInput).mutation(({ ctx, input }) => deleteTask({ ctx, input })),
  depend: publicProcedure.input(DependTaskInput).mutation(({ ctx, input }) => dependTask({ ctx, input })),
  undepend: publicProcedure.input(DependTaskInput).mutation(({ ctx, input }) => undependTask({ ctx, input })),
  move: publicProcedure.input(MoveTaskInput).mutation(({ ctx, input }) => moveTask({ ctx, input })),
});
