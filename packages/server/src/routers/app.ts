import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { router } from "../trpc";
import { eventRouter } from "./event";
import { projectRouter } from "./project";
import { taskRouter } from "./task";

export const appRouter = router({
  project: projectRouter,
  task: taskRouter,
  event: eventRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
