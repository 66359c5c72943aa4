/**
 * Every bound the server keeps on what one client, runner or agent can make it hold. Each has a
 * default; `ServerOptions.limits` (from the `MAESTRO_*` variables in env.ts) changes it.
 */
export interface ServerLimits {
  /** WebSocket connections open at once; the next upgrade is answered 503. */
  wsConnections: number;
  /** Subscriptions one WebSocket connection may hold at once; the next one is TOO_MANY_REQUESTS. */
  wsSubscriptionsPerConnection: number;
  /** Long-poll claims one runner may have held open; past it a claim answers null at once. */
  claimWaitersPerRunner: number;
  /** Long-poll claims held open across all runners. */
  claimWaiters: number;
  /** Bytes of output stored per session; past it one line says so and the rest is dropped. */
  sessionLogBytes: number;
  /** TCP connections the HTTP server holds at once (WebSockets included); the next is dropped. */
  httpConnections: number;
  /** Time a client has to send a request's headers; past it the socket is closed (slow loris). */
  httpHeadersTimeoutMs: number;
  /** Time a client has to send a whole request; the response (a held long poll) is not counted. */
  httpRequestTimeoutMs: number;
  /** Levels of delegation: lead (started by a person) → worker (1) → the worker's delegate (2). */
  delegationDepth: number;
  /** Sessions one session may start over its whole life, whatever became of them. */
  sessionsStartedPerSession: number;
  /** Tasks one agent session may create (autopilot runs them, so this bounds its fan-out). */
  tasksCreatedPerSession: number;
}

/** The bounds a verb applies to what an agent session does, carried in the context. */
export type AgentLimits = Pick<
  ServerLimits,
  "delegationDepth" | "sessionsStartedPerSession" | "tasksCreatedPerSession"
>;

export const MEBIBYTE = 1024 * 1024;

export const DEFAULT_LIMITS: ServerLimits = {
  wsConnections: 256,
  wsSubscriptionsPerConnection: 100,
  claimWaitersPerRunner: 4,
  claimWaiters: 256,
  sessionLogBytes: 50 * MEBIBYTE,
  httpConnections: 1024,
  httpHeadersTimeoutMs: 20_000,
  httpRequestTimeoutMs: 60_000,
  delegationDepth: 2,
  sessionsStartedPerSession: 20,
  tasksCreatedPerSession: 200,
};

export function agentLimitsOf(limits: ServerLimits): AgentLimits {
  const { delegationDepth, sessionsStartedPerSession, tasksCreatedPerSession } = limits;
  return { delegationDepth, sessionsStartedPerSession, tasksCreatedPerSession };
}

export function resolveLimits(overrides: Partial<ServerLimits> = {}): ServerLimits {
  const defined = Object.entries(overrides).filter(([, value]) => value !== undefined);
  return { ...DEFAULT_LIMITS, ...Object.fromEntries(defined) };
}
