import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context, Principal } from "../context";
import type { Logger } from "./logger";
import type { ServerMetrics } from "./metrics";
import { requestIdOf } from "./request-observer";

/** Who may read /metrics: the owner (and, with named tokens, a person whose role is admin). */
export function mayReadMetrics(principal: Principal): boolean {
  return principal.kind === "owner" || (principal.kind === "person" && principal.role === "admin");
}

export interface MetricsEndpointOptions {
  metrics: ServerMetrics | undefined;
  /** The API's own context factory: the same tokens, cookie and refusals as /trpc. */
  createContext: (opts: { req: IncomingMessage }) => Promise<Context>;
  log: Logger;
}

/** `GET /metrics`: the Prometheus text format, 401 without a valid token, 403 for agents and runners. */
export function createMetricsHandler(options: MetricsEndpointOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== "GET" && req.method !== "HEAD") return answer(res, 405, "GET /metrics", { allow: "GET, HEAD" });
    let principal: Principal;
    try {
      principal = (await options.createContext({ req })).principal;
    } catch {
      return answer(res, 401, "missing or wrong token", { "www-authenticate": 'Bearer realm="maestro"' });
    }
    if (!mayReadMetrics(principal)) return answer(res, 403, `${principal.kind}s may not read metrics`);
    if (!options.metrics) return answer(res, 404, "metrics are off");
    try {
      const body = await options.metrics.render();
      res.writeHead(200, { "content-type": options.metrics.contentType, "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (error) {
      options.log.error(`internal error in /metrics: ${String(error)}`, { requestId: requestIdOf(req) });
      answer(res, 500, "internal error (details are in the server log)");
    }
  };
}

function answer(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers }).end(`${message}\n`);
}
