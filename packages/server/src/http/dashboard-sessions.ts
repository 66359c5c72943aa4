import { randomBytes } from "node:crypto";
import { ConnectionClosers } from "../connection-closers";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  SESSION_TTL_MS,
  type SessionClaims,
  deriveSessionKey,
  readCookie,
  sessionCookieHeader,
  signSession,
  verifySession,
} from "./session-cookie";

/** Signed-out sessions remembered per signer (the owner, or one named token). */
const MAX_REVOKED = 1_000;

/** Signed-in browsers: a stateless signed cookie, plus the ids signed out before they expired. */
export interface DashboardSessions {
  /** The request's valid session, when a browser page of this server sent one. */
  current(req: IncomingMessage): SessionClaims | undefined;
  /** Signs the browser in: as the owner, or bound to a person's token. */
  start(req: IncomingMessage, res: ServerResponse, tokenId?: string): void;
  /** Signs the browser out: its cookie is refused from now on and its open WebSockets are closed. */
  end(req: IncomingMessage, res: ServerResponse): void;
  /** Calls `close` when the session signs out, until `signal` aborts (the connection closed). */
  watch(claims: SessionClaims, signal: AbortSignal, close: () => void): void;
  /** Whether the session has signed out: a WebSocket's context was made before, and may outlive it. */
  hasEnded(claims: SessionClaims): boolean;
}

export function createDashboardSessions(options: {
  ownerToken: string | undefined;
  /** The listening port: the cookie's name when a request's Host names no port. */
  port: () => number;
  now: () => number;
}): DashboardSessions {
  const { now } = options;
  const key = deriveSessionKey(options.ownerToken);
  // In memory only, until each would have expired anyway: a restart forgets them (see docs/architecture.md).
  // Kept per signer, so signing in and out over and over evicts only one's own: a named token
  // cannot push the owner's (or another person's) signed-out cookies out and use them again.
  const revoked = new Map<string, Map<string, number>>();
  const signerOf = (claims: SessionClaims) => (claims.tokenId === undefined ? "owner" : `token:${claims.tokenId}`);
  const cookieName = (req: IncomingMessage) => `maestro_session_${hostPortOf(req) ?? options.port()}`;
  // The open WebSocket connections of each signed-in session, closed when it signs out.
  const watchers = new ConnectionClosers();

  const revoke = (claims: SessionClaims) => {
    const signer = signerOf(claims);
    const own = revoked.get(signer) ?? new Map<string, number>();
    revoked.set(signer, own);
    for (const [other, until] of own) if (until <= now()) own.delete(other);
    if (own.size >= MAX_REVOKED) own.delete(own.keys().next().value as string);
    own.set(claims.id, claims.expiresAt);
  };
  const current = (req: IncomingMessage) => {
    if (!isSameOriginFetch(req)) return undefined;
    const value = readCookie(req.headers.cookie, cookieName(req));
    const claims = value ? verifySession(key, value, now()) : undefined;
    return claims && !revoked.get(signerOf(claims))?.has(claims.id) ? claims : undefined;
  };
  return {
    current,
    start(req, res, tokenId) {
      const claims: SessionClaims = { id: randomBytes(16).toString("base64url"), expiresAt: now() + SESSION_TTL_MS };
      if (tokenId !== undefined) claims.tokenId = tokenId;
      res.setHeader("set-cookie", sessionCookieHeader(cookieName(req), signSession(key, claims), SESSION_TTL_MS));
    },
    end(req, res) {
      const claims = current(req);
      if (claims) {
        revoke(claims);
        watchers.end(claims.id);
      }
      res.setHeader("set-cookie", sessionCookieHeader(cookieName(req), "", 0));
    },
    watch: (claims, signal, close) => watchers.watch(claims.id, signal, close),
    hasEnded: (claims) => revoked.get(signerOf(claims))?.has(claims.id) ?? false,
  };
}

/**
 * Browsers say where a request comes from; a cookie counts only for the dashboard's own pages
 * (or no browser at all), never for a sibling site on another loopback port.
 */
function isSameOriginFetch(req: IncomingMessage): boolean {
  const site = req.headers["sec-fetch-site"];
  return site === undefined || site === "same-origin" || site === "none";
}

/**
 * Cookies are scoped by host, not port: the port in the cookie's name keeps two servers on one
 * host apart. It is the port the browser addressed (the Host header, which the origin policy
 * has checked), so instances behind one address share the name, whichever port each listens on.
 */
function hostPortOf(req: IncomingMessage): number | undefined {
  const port = /:(\d{1,5})$/.exec(req.headers.host ?? "")?.[1];
  return port === undefined ? undefined : Number(port);
}
