import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { type Store, findSessionOfToken } from "@maestro/db";
import { DEFAULT_MIN_FREE_MEMORY_MB, type Role, isSessionEnded, looksLikePersonToken } from "@maestro/domain";
import { TRPCError } from "@trpc/server";
import type { Credentials } from "./credentials";
import type { EventBus } from "./events";
import type { DashboardAuth } from "./http/dashboard-auth";
import type { SessionClaims } from "./http/session-cookie";
import { type AgentLimits, DEFAULT_LIMITS, agentLimitsOf } from "./limits";
import { LogBus } from "./log-bus";
import { MemoryGauge } from "./memory-gauge";
import type { PersonTokens } from "./person-tokens";
import type { LandingLeases } from "./services/landing/landing-leases";
import type { Dispatcher } from "./services/runner/dispatcher";
import type { ServerMetrics } from "./observe/metrics";

/**
 * Who is calling: the owner (full access), a person's named token (limited by its role, see
 * access.ts), an agent limited to its session, or a runner, which may call the runner procedures only.
 */
export type Principal =
  | { kind: "owner" }
  | PersonPrincipal
  | { kind: "agent"; sessionId: string; projectId: string; taskIds: string[] }
  | { kind: "runner" };

export interface PersonPrincipal {
  kind: "person";
  tokenId: string;
  name: string;
  role: Role;
}

export interface ContextInner {
  database: Store;
  events: EventBus;
  logs: LogBus;
  /** Runners' claims held open for work: one per server, like the event bus it listens to. */
  dispatcher: Dispatcher;
  /** Who is acting, recorded on every event: `owner`, `person:<name>`, `agent:<session8>`, `runner`, or a part of the server (`system`, `autopilot`, …). */
  actor: string;
  principal: Principal;
  /** The server's own base URL, handed to agents as MAESTRO_URL. */
  serverUrl: string;
  /** Sessions autopilot may have holding a slot at once, across all projects. */
  globalLimit: number;
  /** Runners' reports of their machine's available memory: one per server, like the dispatcher. */
  memory: MemoryGauge;
  /** Autopilot starts an agent only while this much memory (MiB) stays free after it (`MAESTRO_MIN_FREE_MEMORY_MB`). */
  minFreeMemoryMb: number;
  /** Delegation depth and count, tasks an agent session may create (limits.ts). */
  agentLimits: AgentLimits;
  /** The caller's connection: aborted when it closes (a WebSocket's, for all its calls). */
  signal?: AbortSignal;
  /**
   * Several instances on one PostgreSQL database: the project leases this instance lands under
   * (`task land` too). Absent on SQLite, where one server lands everything.
   */
  landingLeases?: LandingLeases;
  /** The dashboard's sign-in links and cookies: only a running server has them. */
  dashboardAuth?: DashboardAuth;
  /** What /metrics reports: only a running server has them. */
  metrics?: ServerMetrics;
  /** Named tokens' connections, ended when a token is revoked: only a running server has them. */
  people?: PersonTokens;
  /** The dashboard sign-in a cookie-authenticated call came with (checked again on each call: it may sign out). */
  browserSession?: SessionClaims;
}

/** The default global concurrency limit (`MAESTRO_MAX_CONCURRENT`). */
export const DEFAULT_GLOBAL_LIMIT = 8;

export type Context = ContextInner;

/** The pure half: tests and in-process callers build a context directly. */
export function createContextInner(
  inner: Pick<ContextInner, "database" | "events" | "dispatcher" | "actor"> &
    Partial<
      Pick<
        ContextInner,
        | "logs"
        | "principal"
        | "serverUrl"
        | "globalLimit"
        | "memory"
        | "minFreeMemoryMb"
        | "agentLimits"
        | "signal"
        | "landingLeases"
        | "dashboardAuth"
        | "metrics"
        | "people"
      >
    >,
): Context {
  return {
    logs: inner.logs ?? new LogBus(),
    principal: inner.principal ?? { kind: "owner" },
    serverUrl: inner.serverUrl ?? "http://127.0.0.1:4700",
    globalLimit: inner.globalLimit ?? DEFAULT_GLOBAL_LIMIT,
    memory: inner.memory ?? new MemoryGauge(),
    minFreeMemoryMb: inner.minFreeMemoryMb ?? DEFAULT_MIN_FREE_MEMORY_MB,
    agentLimits: inner.agentLimits ?? agentLimitsOf(DEFAULT_LIMITS),
    database: inner.database,
    events: inner.events,
    dispatcher: inner.dispatcher,
    actor: inner.actor,
    ...(inner.signal ? { signal: inner.signal } : {}),
    ...(inner.landingLeases ? { landingLeases: inner.landingLeases } : {}),
    ...(inner.dashboardAuth ? { dashboardAuth: inner.dashboardAuth } : {}),
    ...(inner.metrics ? { metrics: inner.metrics } : {}),
    ...(inner.people ? { people: inner.people } : {}),
  };
}

export interface ServerDeps {
  database: Store;
  events: EventBus;
  logs: LogBus;
  dispatcher: Dispatcher;
  memory: MemoryGauge;
  minFreeMemoryMb?: number;
  /** The owner's token and the runners' token; every request must present one of them or a session's. */
  credentials: Credentials;
  serverUrl: () => string;
  globalLimit?: number;
  agentLimits?: AgentLimits;
  dashboardAuth?: DashboardAuth;
  metrics?: ServerMetrics;
  /** Named tokens (people and scripts); without it only the owner, runners and agents get in. */
  people?: PersonTokens;
  /** Several instances on one PostgreSQL database: the leases `task land` lands under. */
  landingLeases?: LandingLeases;
}

/** What events record as the author of a change: the authenticated principal, never a header. */
export function actorOf(principal: Principal): string {
  switch (principal.kind) {
    case "owner":
      return "owner";
    case "runner":
      return "runner";
    case "person":
      return personActor(principal.name);
    case "agent":
      return agentActor(principal.sessionId);
  }
}

/** How a person is named as an actor: by their token's name (`person:<name>`). */
export function personActor(name: string): string {
  return `person:${name}`;
}

/** How an agent is named as an actor: by its session (`agent:<id8>`). */
export function agentActor(sessionId: string): string {
  return `agent:${sessionId.slice(0, 8)}`;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A session token names its session; it is only good while that session has not ended. */
async function agentPrincipal(database: Store, token: string): Promise<Principal | undefined> {
  const session = await findSessionOfToken(database.db, hashToken(token));
  if (!session || isSessionEnded(session.status)) return undefined;
  return { kind: "agent", sessionId: session.id, projectId: session.projectId, taskIds: session.taskIds };
}

/** The one owner-token check (constant time); an empty or missing token is never the owner. */
export function isOwnerToken(presented: string | undefined, credentials: Credentials): boolean {
  return tokensMatch(presented, credentials.ownerToken);
}

export function isRunnerToken(presented: string | undefined, credentials: Credentials): boolean {
  return tokensMatch(presented, credentials.runnerToken);
}

/**
 * Who presents this credential, or undefined (refused). Every way in is decided here: the owner
 * token, the runners' token, a live named token, a live session's token; the dashboard's sign-in
 * cookie (read from `req`) goes here too, before the missing-token refusal.
 */
export async function resolvePrincipal(
  deps: Pick<ServerDeps, "database" | "credentials" | "dashboardAuth" | "people">,
  req: IncomingMessage,
  presented: string | undefined,
): Promise<Principal | undefined> {
  if (!presented) return cookiePrincipal(deps, req);
  if (isOwnerToken(presented, deps.credentials)) return { kind: "owner" };
  if (isRunnerToken(presented, deps.credentials)) return { kind: "runner" };
  if (looksLikePersonToken(presented)) return await deps.people?.bySecret(presented);
  return await agentPrincipal(deps.database, presented);
}

/** The dashboard's signed cookie (HTTP, or the WebSocket's upgrade request): the owner, or the person it is bound to. */
async function cookiePrincipal(
  deps: Pick<ServerDeps, "dashboardAuth" | "people">,
  req: IncomingMessage,
): Promise<Principal | undefined> {
  const session = deps.dashboardAuth?.sessionOf(req);
  if (!session) return undefined;
  if (session.tokenId === undefined) return { kind: "owner" };
  return await deps.people?.byId(session.tokenId);
}

/** A WebSocket the dashboard's cookie opened ends when that browser signs out (its context, made once, would outlive it). */
function closeOnSignOut(
  deps: Pick<ServerDeps, "dashboardAuth">,
  session: SessionClaims,
  socket: unknown,
  signal?: AbortSignal,
): void {
  const closable = socket as { close?: (code: number, reason: string) => void } | undefined;
  if (!signal || !deps.dashboardAuth || typeof closable?.close !== "function") return;
  deps.dashboardAuth.watchSession(session, signal, () => closable.close?.(4401, "signed out"));
}

/** A person's WebSocket ends when their token is revoked (its context, made once, would outlive it). */
function closeOnRevoke(
  deps: Pick<ServerDeps, "people">,
  principal: Principal,
  socket: unknown,
  signal?: AbortSignal,
): void {
  if (principal.kind !== "person" || !signal || !deps.people) return;
  const closable = socket as { close?: (code: number, reason: string) => void } | undefined;
  if (typeof closable?.close !== "function") return;
  deps.people.watch(principal.tokenId, signal, () => closable.close?.(4401, "the token was revoked"));
}

/**
 * Derives the principal (and from it the actor) from the request: HTTP carries the token in
 * `authorization: Bearer`, a WebSocket in its connection params. No valid token, no context:
 * loopback included, since other local users and agents reach loopback too. A legacy
 * `x-maestro-actor` header or `actor` param is ignored.
 */
export function createContextFactory(deps: ServerDeps) {
  return async function createContext(opts: {
    req: IncomingMessage;
    /** The WebSocket itself, for a WebSocket connection's context. */
    res?: unknown;
    info?: { connectionParams?: Record<string, string | undefined> | null; signal?: AbortSignal };
  }): Promise<Context> {
    const params = opts.info?.connectionParams ?? null;
    const isWebSocket = opts.req.headers.upgrade?.toLowerCase() === "websocket";
    const presented = isWebSocket ? params?.token : bearer(opts.req.headers.authorization);
    const principal = await resolvePrincipal(deps, opts.req, presented);
    if (!principal) throw new TRPCError({ code: "UNAUTHORIZED", message: "missing or wrong token" });
    const browserSession = presented ? undefined : deps.dashboardAuth?.sessionOf(opts.req);
    if (isWebSocket) {
      closeOnRevoke(deps, principal, opts.res, opts.info?.signal);
      if (browserSession) closeOnSignOut(deps, browserSession, opts.res, opts.info?.signal);
    }
    return {
      database: deps.database,
      events: deps.events,
      logs: deps.logs,
      dispatcher: deps.dispatcher,
      serverUrl: deps.serverUrl(),
      globalLimit: deps.globalLimit ?? DEFAULT_GLOBAL_LIMIT,
      memory: deps.memory,
      minFreeMemoryMb: deps.minFreeMemoryMb ?? DEFAULT_MIN_FREE_MEMORY_MB,
      agentLimits: deps.agentLimits ?? agentLimitsOf(DEFAULT_LIMITS),
      principal,
      actor: actorOf(principal),
      ...(opts.info?.signal ? { signal: opts.info.signal } : {}),
      ...(deps.landingLeases ? { landingLeases: deps.landingLeases } : {}),
      ...(deps.dashboardAuth ? { dashboardAuth: deps.dashboardAuth } : {}),
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      ...(deps.people ? { people: deps.people } : {}),
      ...(browserSession ? { browserSession } : {}),
    };
  };
}

export function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(.+)$/i);
  return match?.[1]?.trim();
}

/** Constant-time comparison, so response timing says nothing about the token. */
export function tokensMatch(presented: string | undefined, expected: string): boolean {
  if (!presented || !expected) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
