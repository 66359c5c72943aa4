import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "./logger";
import type { ServerMetrics } from "./metrics";

/** What a proxy in front may pass as the request's id; anything else is replaced by ours. */
const INCOMING_ID = /^[\w.:-]{1,64}$/;
/** Per process, so ids of two servers (or of a restart) never look alike. */
const PREFIX = randomBytes(3).toString("hex");
let issued = 0;
const ids = new WeakMap<IncomingMessage, string>();

/** A request's id (a WebSocket's upgrade request: the connection's, shared by its calls). */
export function requestIdOf(req: IncomingMessage | undefined): string | undefined {
  return req ? ids.get(req) : undefined;
}

/** Gives the request an id: the caller's `x-request-id` when it is a plain token, else a fresh one. */
export function assignRequestId(req: IncomingMessage, kind: "http" | "ws" = "http"): string {
  const incoming = req.headers["x-request-id"];
  const id =
    typeof incoming === "string" && INCOMING_ID.test(incoming)
      ? incoming
      : `${kind === "ws" ? "ws-" : ""}${PREFIX}-${(++issued).toString(36)}`;
  ids.set(req, id);
  return id;
}

export interface RequestObserverOptions {
  metrics: ServerMetrics | undefined;
  logger: Logger;
  /** Every tRPC procedure path: anything else a URL names is counted as `unknown` (bounded labels). */
  procedures: ReadonlySet<string>;
}

/**
 * Per request: an id (answered in `x-request-id`), and once it is answered, one count per
 * procedure and status and (at debug level) a log line. Two property writes and a listener: the
 * write path's budget is a fraction of a millisecond, and this must not show in it.
 */
export function createRequestObserver(options: RequestObserverOptions) {
  const { metrics, logger, procedures } = options;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const requestId = assignRequestId(req);
    res.setHeader("x-request-id", requestId);
    const isDebug = logger.isEnabled("debug");
    if (!metrics && !isDebug) return;
    const start = isDebug ? performance.now() : 0;
    res.once("finish", () => {
      const labels = procedureLabels(req.url ?? "/", procedures);
      const status = String(res.statusCode);
      if (metrics) for (const procedure of labels) metrics.httpRequests.inc({ procedure, status });
      if (!isDebug) return;
      const durationMs = Math.round((performance.now() - start) * 100) / 100;
      const procedure = labels.join(",");
      logger.debug(`${req.method ?? "?"} ${procedure} ${status} ${durationMs} ms`, {
        requestId,
        procedure,
        status: res.statusCode,
        durationMs,
      });
    });
  };
}

/** The procedures a URL calls (a batch names several), or the route it takes; never its query. */
export function procedureLabels(url: string, procedures: ReadonlySet<string>): string[] {
  const path = url.split("?", 1)[0]!;
  if (path.startsWith("/trpc/")) {
    return path
      .slice("/trpc/".length)
      .split(",")
      .map((name) => (procedures.has(name) ? name : "unknown"));
  }
  if (path === "/mcp" || path === "/healthz" || path === "/metrics") return [path];
  if (path.startsWith("/auth/")) return ["/auth"];
  return ["static"];
}
