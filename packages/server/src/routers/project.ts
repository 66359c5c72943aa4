import { CreateProjectInput, ListProjectsInput, ProjectRefInput, UpdateProjectInput } from "@maestro/domain";
import { projectSpend } from "../services/budget/read-spend";
import { createProject } from "../services/project/create-project";
import { deleteProject } from "../services/project/delete-project";
import { getProject, listProjects } from "../services/project/read-projects";
import { updateProject } from "../services/project/update-project";
import { publicProcedure, router } from "../trpc";

export const projectRouter = router({
  list: publicProcedure.input(ListProjectsInput).query(async ({ ctx, input }) => await listProjects({ ctx, input })),
  byId: publicProcedure.input(ProjectRefInput).query(async ({ ctx, input }) => await getProject({ ctx, input })),
  create: publicProcedure.input(CreateProjectInput).mutation(({ ctx, input }) => createProject({ ctx, input })),
  update: publicProcedure
    .input(UpdateProjectInput)
    .mutation(async ({ ctx, input }) => await updateProject({ ctx, input })),
  /** Spend against the budget: the project's, each task's (with its subtasks) and each spec's. */
  spend: publicProcedure.input(ProjectRefInput).query(async ({ ctx, input }) => await projectSpend({ ctx, input })),
  delete: publicProcedure
    .input(ProjectRefInput)
    .mutation(async ({ ctx, input }) => await deleteProject({ ctx, input })),
});
