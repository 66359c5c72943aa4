import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Database } from "@maestro/db";
import { TRPCError } from "@trpc/server";
import type { EventBus } from "./events";

export interface ContextInner {
  database: Database;
  events: EventBus;
  /** Who is acting, recorded on every event: `cli`, `dashboard`, `agent:<session>`, … */
  actor: string;
}

export type Context = ContextInner;

/** The pure half: tests and in-process callers build a context directly. */
export function createContextInner(inner: ContextInner): Context {
  return inner;
}

export interface ServerDeps {
  database: Database;
  events: EventBus;
  token: string | undefined;
}

const ACTOR_PATTERN = /^[a-z][a-z0-9:_-]{0,63}$/;

function actorFrom(value: unknown): string {
  return typeof value === "string" && ACTOR_PATTERN.test(value) ? value : "user";
}

/**
 * Derives the actor from the request. HTTP carries `x-maestro-actor` and `authorization`
 * headers; a WebSocket carries the same in its connection params (browsers cannot set WS headers).
 */
export function createContextFactory(deps: ServerDeps) {
  return function createContext(opts: {
    req: IncomingMessage;
    info?: { connectionParams?: Record<string, string | undefined> | null };
  }): Context {
    const params = opts.info?.connectionParams ?? null;
    const isWebSocket = opts.req.headers.upgrade?.toLowerCase() === "websocket";
    if (deps.token) {
      const presented = isWebSocket ? params?.token : bearer(opts.req.headers.authorization);
      if (!tokensMatch(presented, deps.token)) throw new TRPCError({ code: "UNAUTHORIZED", message: "missing or wrong token" });
    }
    const actor = actorFrom(isWebSocket ? params?.actor : opts.req.headers["x-maestro-actor"]);
    return createContextInner({ database: deps.database, events: deps.events, actor });
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
