import type { McpApi } from "@maestro/server";
import type { MaestroClient } from "./client";
import { describeError } from "./errors";

/**
 * The MCP tools' calls over the CLI's HTTP client. A server that cannot be reached or refuses the
 * token becomes the same one line the CLI prints; the API's own errors keep their code and field.
 */
export function clientApi(client: MaestroClient, url: string): McpApi {
  const said = <T>(call: Promise<T>): Promise<T> =>
    call.catch((error: unknown) => {
      const line = describeError(error, url);
      throw error instanceof Error && line === error.message ? error : new Error(line);
    });
  return {
    listProjects: (input) => said(client.project.list.query(input)),
    listTasks: (input) => said(client.task.list.query(input)),
    getTask: (input) => said(client.task.byId.query(input)),
    createTask: (input) => said(client.task.create.mutate(input)),
    updateTask: (input) => said(client.task.update.mutate(input)),
    report: (input) => said(client.session.report.mutate(input)),
    getSession: (input) => said(client.session.byId.query(input)),
    listSessions: (input) => said(client.session.list.query(input)),
    readLog: (input) => said(client.session.log.query(input)),
    getSpec: (input) => said(client.spec.byId.query(input)),
  };
}
