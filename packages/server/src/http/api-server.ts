import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { WebSocketServer } from "ws";
import type { Context, createContextFactory } from "../context";
import { DEFAULT_LIMITS, type ServerLimits } from "../limits";
import type { DashboardAuth } from "./dashboard-auth";
import { appRouter } from "../routers/app";
import { type OriginPolicy, checkRequestOrigin, setSecurityHeaders } from "./security";
import { refuseHttpSubscription, subscriptionNamedBy } from "./http-subscriptions";
import { openSubscriptionBudget } from "./subscription-budget";
import { trackSocket } from "./ws-backpressure";
import { subscriptionEncoder } from "./ws-encoder";
import { createStaticHandler } from "./static-files";
import { createMcpHandler } from "../mcp/http-mcp";
import type { Logger } from "../observe/logger";
import type { ServerMetrics } from "../observe/metrics";
import { createMetricsHandler } from "../observe/metrics-endpoint";
import { assignRequestId, createRequestObserver, requestIdOf } from "../observe/request-observer";
import { createLeanTrpcHandler } from "./trpc-lean";

const VERSION = "0.1.0";
/** Large enough for any task or spec document, small enough that a client cannot exhaust memory. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface ApiServerOptions {
  createContext: ReturnType<typeof createContextFactory>;
  dashboardDir: string | undefined;
  /** Read on every request: the policy names the port, known only once listening. */
  policy: () => OriginPolicy;
  log: Logger;
  /** What /metrics answers; none: /metrics is not served. */
  metrics?: ServerMetrics;
  /** Connections, their timeouts and subscriptions per WebSocket (defaults in limits.ts). */
  limits?: Pick<ServerLimits, HttpLimitName | "wsConnections" | "wsSubscriptionsPerConnection">;
  dashboardAuth: DashboardAuth;
}

type HttpLimitName = "httpConnections" | "httpHeadersTimeoutMs" | "httpRequestTimeoutMs";

type OnError = (opts: {
  error: { code: string; cause?: unknown };
  path?: string;
  req?: IncomingMessage;
  ctx?: { principal: Context["principal"] } | undefined;
}) => void;

export interface ApiServer {
  server: Server;
  /** Tells WebSocket clients to reconnect (to the next server), then closes every connection. */
  close(): Promise<void>;
}

/** One port: the API over HTTP (`/trpc/`) and WebSocket, MCP (`/mcp`), the health check, and the dashboard. */
export function createApiServer(options: ApiServerOptions): ApiServer {
  const onError = logInternalErrors(options.log);
  const handleRequest = createRequestHandler(options, onError);
  const limits = options.limits ?? DEFAULT_LIMITS;
  const server = createServer(connectionBounds(limits), handleRequest);
  server.keepAliveTimeout = 65_000;
  server.maxConnections = limits.httpConnections;
  const closeSockets = acceptWebSockets(server, options, onError);
  return { server, close: () => closeHttp(server, closeSockets) };
}

/** An internal error's cause, with the request (a WebSocket's: its connection) and the agent's session. */
function logInternalErrors(log: Logger): OnError {
  return ({ error, path, req, ctx }) => {
    if (error.code !== "INTERNAL_SERVER_ERROR") return;
    const principal = ctx?.principal;
    log.error(`internal error in ${path ?? "?"}: ${String(error.cause ?? error)}`, {
      requestId: requestIdOf(req),
      procedure: path,
      sessionId: principal?.kind === "agent" ? principal.sessionId : undefined,
    });
  };
}

/** Every HTTP request: Host and Origin checked, then the health check, the API, MCP, sign-in or the dashboard. */
function createRequestHandler(options: ApiServerOptions, onError: OnError) {
  const handleTrpc = createHTTPHandler({
    router: appRouter,
    createContext: options.createContext,
    basePath: "/trpc/",
    onError,
    maxBodySize: MAX_BODY_BYTES,
  });
  // Plain JSON calls skip the fetch-style adapter; it still answers everything else.
  const handleLean = createLeanTrpcHandler({
    createContext: options.createContext,
    onError,
    maxBodyBytes: MAX_BODY_BYTES,
  });
  const handleMcp = createMcpHandler({
    createContext: options.createContext,
    maxBodyBytes: MAX_BODY_BYTES,
    log: (line, fields) => options.log.error(line, fields),
  });
  const serveStatic = createStaticHandler(options.dashboardDir);
  const observe = createRequestObserver({
    metrics: options.metrics,
    logger: options.log,
    procedures: new Set(Object.keys(appRouter._def.procedures)),
  });
  const serveMetrics = createMetricsHandler({
    metrics: options.metrics,
    createContext: options.createContext,
    log: options.log,
  });
  return (req: IncomingMessage, res: ServerResponse) => {
    observe(req, res);
    const refusal = checkRequestOrigin(req, options.policy());
    // The Host is named in the policy only once it passed the check above.
    setSecurityHeaders(res, refusal ? null : (req.headers.host ?? null));
    if (refusal) {
      res.writeHead(403, { "content-type": "text/plain" }).end(`forbidden: ${refusal}\n`);
      return;
    }
    const path = req.url ?? "/";
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, version: VERSION }));
    } else if (path.startsWith("/trpc/")) {
      const subscription = subscriptionNamedBy(path);
      if (subscription) refuseHttpSubscription(res, subscription);
      else if (!handleLean(req, res)) handleTrpc(req, res);
    } else if (path === "/metrics") {
      void serveMetrics(req, res);
    } else if (path === "/mcp" || path.startsWith("/mcp?")) {
      void handleMcp(req, res);
    } else if (path.startsWith("/auth/")) {
      options.dashboardAuth.handle(req, res);
    } else {
      serveStatic(req, res);
    }
  };
}

/**
 * Node (18+) closes a socket whose request headers, or whole request, take longer than these;
 * the clock stops once the request is in, so a held long-poll response is never cut. Node checks
 * every `connectionsCheckingInterval`, so that follows the timeouts.
 */
function connectionBounds(limits: Pick<ServerLimits, HttpLimitName>) {
  const headersTimeout = Math.min(limits.httpHeadersTimeoutMs, limits.httpRequestTimeoutMs);
  return {
    headersTimeout,
    requestTimeout: limits.httpRequestTimeoutMs,
    connectionsCheckingInterval: Math.max(100, Math.min(5_000, Math.floor(headersTimeout / 4))),
  };
}

/**
 * WebSocket upgrades on the same port, Host and Origin checked like every request, at most
 * `wsConnections` open at once (503 past it); returns its closer.
 */
function acceptWebSockets(server: Server, options: ApiServerOptions, onError: OnError): () => Promise<void> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const handler = applyWSSHandler({
    wss,
    router: appRouter,
    // A published event is serialised once for all its subscribers (ws-encoder.ts).
    experimental_encoder: subscriptionEncoder,
    createContext: (opts) => {
      // Each connection's calls share its signal: its subscriptions are counted against it.
      if (opts.info.signal) {
        openSubscriptionBudget(opts.info.signal, limits.wsSubscriptionsPerConnection);
        trackSocket(opts.info.signal, opts.res);
      }
      return options.createContext(opts);
    },
    onError,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
  });
  server.on("upgrade", (req, socket, head) => {
    const refusal = checkRequestOrigin(req, options.policy());
    if (refusal || !(req.url ?? "").startsWith("/trpc")) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    // Upgrades complete synchronously, so the tracked clients are every connection accepted.
    if (wss.clients.size >= limits.wsConnections) {
      socket.end(tooManyConnections(limits.wsConnections));
      return;
    }
    assignRequestId(req, "ws");
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });
  return async () => {
    // Clients get told to reconnect (to the next server) instead of seeing a dead socket.
    handler.broadcastReconnectNotification();
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
}

function tooManyConnections(max: number): string {
  const body = `too many WebSocket connections: the server holds at most ${max} (MAESTRO_WS_MAX_CONNECTIONS)\n`;
  return [
    "HTTP/1.1 503 Service Unavailable",
    "Connection: close",
    "Content-Type: text/plain; charset=utf-8",
    "Retry-After: 5",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "",
    body,
  ].join("\r\n");
}

async function closeHttp(server: Server, closeSockets: () => Promise<void>): Promise<void> {
  await closeSockets();
  server.closeIdleConnections();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
  });
}
