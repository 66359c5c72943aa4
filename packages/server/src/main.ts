import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type Database, openDatabase } from "@maestro/db";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { WebSocketServer } from "ws";
import { DEFAULT_GLOBAL_LIMIT, createContextFactory, createContextInner } from "./context";
import { EventBus } from "./events";
import { LogBus } from "./log-bus";
import { killOrphanedAgents } from "./orphans";
import { interruptOrphanedSessions } from "./services/session/stop-session";
import { startWatchdog } from "./services/session/watchdog";
import { startScheduler } from "./services/autopilot/scheduler";
import { startSpecSync } from "./services/spec/spec-watcher";
import { buildOriginPolicy, checkRequestOrigin, isLoopbackHost } from "./http/security";
import { createStaticHandler } from "./http/static-files";
import { appRouter } from "./routers/app";

export interface ServerOptions {
  /** Data directory; the database is `<home>/maestro.db`. */
  home: string;
  /** Overrides `<home>/maestro.db` (":memory:" in tests). */
  databasePath?: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  token?: string;
  dashboardDir?: string;
  allowedOrigins?: string[];
  allowedHosts?: string[];
  log?: (line: string) => void;
  /** A live session whose runner is silent this long is interrupted (default 30 s). */
  leaseMs?: number;
  /** Sessions autopilot may have holding a slot at once, across projects (default 8). */
  maxConcurrent?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  database: Database;
  events: EventBus;
  logs: LogBus;
  close(): Promise<void>;
}

export class StartupError extends Error {}

const VERSION = "0.1.0";
const MIN_TOKEN_LENGTH = 16;
/** Large enough for any task or spec document, small enough that a client cannot exhaust memory. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Hosts the API (HTTP + WebSocket) and the built dashboard on one port. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.error(line));
  if (!isLoopbackHost(options.host) && !options.token) {
    throw new StartupError(
      `refusing to listen on ${options.host} without a token: set MAESTRO_TOKEN (or --token) so only you can drive your agents`,
    );
  }
  if (options.token !== undefined && options.token.length < MIN_TOKEN_LENGTH) {
    throw new StartupError(`the token must be at least ${MIN_TOKEN_LENGTH} characters (try: openssl rand -hex 24)`);
  }
  const database = openDatabase({ path: options.databasePath ?? join(options.home, "maestro.db") });
  const events = new EventBus();
  const logs = new LogBus();
  const systemContext = createContextInner({ database, events, logs, actor: "system" });
  const orphans = interruptOrphanedSessions(systemContext);
  const killed = killOrphanedAgents(orphans);
  if (orphans.length) {
    log(
      `${orphans.length} session(s) were live when the server last stopped: now interrupted (${killed} orphaned agent(s) stopped)`,
    );
  }
  let url = "";
  const globalLimit = options.maxConcurrent ?? DEFAULT_GLOBAL_LIMIT;
  const createContext = createContextFactory({
    database,
    events,
    logs,
    token: options.token,
    serverUrl: () => url,
    globalLimit,
  });
  const onError = ({ error, path }: { error: { code: string; cause?: unknown }; path?: string }) => {
    if (error.code === "INTERNAL_SERVER_ERROR") {
      log(`internal error in ${path ?? "?"}: ${String(error.cause ?? error)}`);
    }
  };
  const trpcHandler = createHTTPHandler({
    router: appRouter,
    createContext,
    basePath: "/trpc/",
    onError,
    maxBodySize: MAX_BODY_BYTES,
  });
  const serveStatic = createStaticHandler(options.dashboardDir);
  let policy = buildOriginPolicy({ host: options.host, port: options.port, extraHosts: [], extraOrigins: [] });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const refusal = checkRequestOrigin(req, policy);
    if (refusal) {
      res.writeHead(403, { "content-type": "text/plain" }).end(`forbidden: ${refusal}\n`);
      return;
    }
    const path = req.url ?? "/";
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, version: VERSION }));
    } else if (path.startsWith("/trpc/")) {
      trpcHandler(req, res);
    } else {
      serveStatic(req, res);
    }
  });
  server.keepAliveTimeout = 65_000;

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const wssHandler = applyWSSHandler({
    wss,
    router: appRouter,
    createContext,
    onError,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
  });
  server.on("upgrade", (req, socket, head) => {
    const refusal = checkRequestOrigin(req, policy);
    if (refusal || !(req.url ?? "").startsWith("/trpc")) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new StartupError(`port ${options.port} on ${options.host} is already in use`)
          : error,
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  policy = buildOriginPolicy({
    host: options.host,
    port,
    extraHosts: options.allowedHosts ?? [],
    extraOrigins: options.allowedOrigins ?? [],
  });
  const displayHost = options.host === "0.0.0.0" || options.host === "::" ? "127.0.0.1" : options.host;
  url = `http://${displayHost.includes(":") ? `[${displayHost}]` : displayHost}:${port}`;

  const stopWatchdog = startWatchdog(systemContext, { leaseMs: options.leaseMs ?? 30_000, intervalMs: 2_000, log });
  const specSync = startSpecSync(
    createContextInner({ database, events, logs, actor: "disk" }),
    createContextInner({ database, events, logs, actor: "system" }),
    { log },
  );
  const scheduler = startScheduler(
    createContextInner({ database, events, logs, actor: "autopilot", serverUrl: url, globalLimit }),
    { log },
  );

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      stopWatchdog();
      specSync.stop();
      scheduler.stop();
      // Clients get told to reconnect (to the next server) instead of seeing a dead socket.
      wssHandler.broadcastReconnectNotification();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeIdleConnections();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      });
      database.close();
    })());

  return { url, port, database, events, logs, close };
}
