import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { type Database, findSessionOfToken } from "@maestro/db";
import { isSessionEnded } from "@maestro/domain";
import { TRPCError } from "@trpc/server";
import type { EventBus } from "./events";
import type { DashboardAuth } from "./http/dashboard-auth";
import { LogBus } from "./log-bus";
import type { Dispatcher } from "./services/runner/dispatcher";

/** Who is calling: a person or script with full access, or an agent limited to its session. */
export type Principal = { kind: "user" } | { kind: "agent"; sessionId: string; projectId: string; taskIds: string[] };

export interface ContextInner {
  database: Database;
  events: EventBus;
  logs: LogBus;
  /** Runners' claims held open for work: one per server, like the event bus it listens to. */
  dispatcher: Dispatcher;
  /** Who is acting, recorded on every event: `cli`, `dashboard`, `agent:<session>`, … */
  actor: string;
  principal: Principal;
  /** The server's own base URL, handed to agents as MAESTRO_URL. */
  serverUrl: string;
  /** Sessions autopilot may have holding a slot at once, across all projects. */
  globalLimit: number;
  /** The caller's connection: aborted when it closes (a WebSocket's, for all its calls). */
  signal?: AbortSignal;
  /** The dashboard's sign-in links and cookies: only a running server has them. */
  dashboardAuth?: DashboardAuth;
}

/** The default global concurrency limit (`MAESTRO_MAX_CONCURRENT`). */
export const DEFAULT_GLOBAL_LIMIT = 8;

export type Context = ContextInner;

/** The pure half: tests and in-process callers build a context directly. */
export function createContextInner(
  inner: Pick<ContextInner, "database" | "events" | "dispatcher" | "actor"> &
    Partial<Pick<ContextInner, "logs" | "principal" | "serverUrl" | "globalLimit" | "signal" | "dashboardAuth">>,
): Context {
  return {
    logs: inner.logs ?? new LogBus(),
    principal: inner.principal ?? { kind: "user" },
    serverUrl: inner.serverUrl ?? "http://127.0.0.1:4700",
    globalLimit: inner.globalLimit ?? DEFAULT_GLOBAL_LIMIT,
    database: inner.database,
    events: inner.events,
    dispatcher: inner.dispatcher,
    actor: inner.actor,
    ...(inner.signal ? { signal: inner.signal } : {}),
    ...(inner.dashboardAuth ? { dashboardAuth: inner.dashboardAuth } : {}),
  };
}

export interface ServerDeps {
  database: Database;
  events: EventBus;
  logs: LogBus;
  dispatcher: Dispatcher;
  token: string | undefined;
  serverUrl: () => string;
  globalLimit?: number;
  dashboardAuth?: DashboardAuth;
}

const ACTOR_PATTERN = /^[a-z][a-z0-9:_-]{0,63}$/;

function actorFrom(value: unknown): string {
  return typeof value === "string" && ACTOR_PATTERN.test(value) && !value.startsWith("agent:") ? value : "user";
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A session token names its session; it is only good while that session has not ended. */
function agentPrincipal(database: Database, token: string): Principal | undefined {
  const session = findSessionOfToken(database.db, hashToken(token));
  if (!session || isSessionEnded(session.status)) return undefined;
  return { kind: "agent", sessionId: session.id, projectId: session.projectId, taskIds: session.taskIds };
}

/**
 * Derives the principal and actor from the request. HTTP carries `authorization` and
 * `x-maestro-actor` headers; a WebSocket carries the same in its connection params.
 */
export function createContextFactory(deps: ServerDeps) {
  return function createContext(opts: {
    req: IncomingMessage;
    info?: { connectionParams?: Record<string, string | undefined> | null; signal?: AbortSignal };
  }): Context {
    const params = opts.info?.connectionParams ?? null;
    const isWebSocket = opts.req.headers.upgrade?.toLowerCase() === "websocket";
    const presented = isWebSocket ? params?.token : bearer(opts.req.headers.authorization);
    const base = {
      database: deps.database,
      events: deps.events,
      logs: deps.logs,
      dispatcher: deps.dispatcher,
      serverUrl: deps.serverUrl(),
      globalLimit: deps.globalLimit ?? DEFAULT_GLOBAL_LIMIT,
      ...(opts.info?.signal ? { signal: opts.info.signal } : {}),
      ...(deps.dashboardAuth ? { dashboardAuth: deps.dashboardAuth } : {}),
    };
    // The dashboard's signed cookie (HTTP, or the WebSocket's upgrade request) is the owner.
    if (!presented && deps.dashboardAuth?.isSignedIn(opts.req)) {
      return { ...base, principal: { kind: "user" }, actor: "dashboard" };
    }
    if (presented && deps.token && tokensMatch(presented, deps.token)) {
      return {
        ...base,
        principal: { kind: "user" },
        actor: actorFrom(isWebSocket ? params?.actor : opts.req.headers["x-maestro-actor"]),
      };
    }
    if (presented) {
      const principal = agentPrincipal(deps.database, presented);
      if (principal?.kind === "agent") return { ...base, principal, actor: `agent:${principal.sessionId.slice(0, 8)}` };
    }
    if (deps.token || presented) throw new TRPCError({ code: "UNAUTHORIZED", message: "missing or wrong token" });
    return {
      ...base,
      principal: { kind: "user" },
      actor: actorFrom(isWebSocket ? params?.actor : opts.req.headers["x-maestro-actor"]),
    };
  };
}

export function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(.+)$/i);
  return match?.[1]?.trim();
}

/** Constant-time comparison, so response timing says nothing about the token. */
export function tokensMatch(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
