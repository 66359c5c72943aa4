import type { Context } from "../context";
import type { RouterInputs, RouterOutputs } from "../routers/app";
import { appRouter } from "../routers/app";
import { createCallerFactory } from "../trpc";

type In<R extends keyof RouterInputs, P extends keyof RouterInputs[R]> = RouterInputs[R][P];
type Out<R extends keyof RouterOutputs, P extends keyof RouterOutputs[R]> = Promise<RouterOutputs[R][P]>;

/**
 * The procedures the MCP tools call: the only thing a transport provides. `maestro mcp` implements
 * it over the HTTP tRPC client, `/mcp` over an in-process caller with the request's principal, so
 * every permission rule of the API applies to both unchanged.
 */
export interface McpApi {
  listProjects(input: In<"project", "list">): Out<"project", "list">;
  listTasks(input: In<"task", "list">): Out<"task", "list">;
  getTask(input: In<"task", "byId">): Out<"task", "byId">;
  createTask(input: In<"task", "create">): Out<"task", "create">;
  updateTask(input: In<"task", "update">): Out<"task", "update">;
  report(input: In<"session", "report">): Out<"session", "report">;
  getSession(input: In<"session", "byId">): Out<"session", "byId">;
  listSessions(input: In<"session", "list">): Out<"session", "list">;
  readLog(input: In<"session", "log">): Out<"session", "log">;
  getSpec(input: In<"spec", "byId">): Out<"spec", "byId">;
}

/** An agent's own session and project (what `task` and `project` default to); null for a person. */
export type McpSelf = { sessionId: string; projectId: string } | null;

const createCaller = createCallerFactory(appRouter);

/** The API called in-process as the context's principal (the `/mcp` endpoint). */
export function callerApi(ctx: Context): McpApi {
  const caller = createCaller(ctx);
  return {
    listProjects: (input) => caller.project.list(input),
    listTasks: (input) => caller.task.list(input),
    getTask: (input) => caller.task.byId(input),
    createTask: (input) => caller.task.create(input),
    updateTask: (input) => caller.task.update(input),
    report: (input) => caller.session.report(input),
    getSession: (input) => caller.session.byId(input),
    listSessions: (input) => caller.session.list(input),
    readLog: (input) => caller.session.log(input),
    getSpec: (input) => caller.spec.byId(input),
  };
}
