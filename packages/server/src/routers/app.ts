import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { router } from "../trpc";
import { agentRouter } from "./agent";
import { attentionRouter } from "./attention";
import { authRouter } from "./auth";
import { autopilotRouter } from "./autopilot";
import { eventRouter } from "./event";
import { exportRouter } from "./export";
import { importRouter } from "./import";
import { projectRouter } from "./project";
import { runnerRouter } from "./runner";
import { sessionRouter } from "./session";
import { specRouter } from "./spec";
import { steeringRouter } from "./steering";
import { taskRouter } from "./task";
import { tokenRouter } from "./token";
import { webhookRouter } from "./webhook";
import { worktreeRouter } from "./worktree";

export const appRouter = router({
  project: projectRouter,
  task: taskRouter,
  event: eventRouter,
  session: sessionRouter,
  agent: agentRouter,
  runner: runnerRouter,
  autopilot: autopilotRouter,
  spec: specRouter,
  steering: steeringRouter,
  worktree: worktreeRouter,
  auth: authRouter,
  token: tokenRouter,
  webhook: webhookRouter,
  attention: attentionRouter,
  import: importRouter,
  export: exportRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
