import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { BodyError, readJsonBody } from "./read-json-body";
import { type RedeemOutcome, type SignInCodes, createSignInCodes } from "./sign-in-codes";
import {
  SESSION_TTL_MS,
  deriveSessionKey,
  readCookie,
  sameSecret,
  sessionCookieHeader,
  signSession,
  verifySession,
} from "./session-cookie";

const MAX_BODY_BYTES = 4 * 1024;
const MAX_REVOKED = 1_000;

const SignInBody = z.union([
  z.object({ code: z.string().min(1).max(200) }).strict(),
  z.object({ token: z.string().min(1).max(500) }).strict(),
]);

/** The browser side of "always authenticated": one-time links and a signed session cookie. */
export interface DashboardAuth {
  /** A valid session cookie, sent by this server's own pages (HTTP request or WebSocket upgrade). */
  isSignedIn(req: IncomingMessage): boolean;
  /** A fresh one-time link to `<baseUrl>/signin#code=…`. */
  issueSignInLink(baseUrl: string): { url: string; expiresAt: string };
  /** Answers `/auth/signin`, `/auth/signout` and `/auth/session`. */
  handle(req: IncomingMessage, res: ServerResponse): void;
}

export interface DashboardAuthOptions {
  ownerToken: string | undefined;
  /** Cookies are not port-scoped: the port in the name keeps two local servers apart. */
  port: () => number;
  now?: () => number;
  codes?: SignInCodes;
}

const REDEEM_MESSAGES: Record<Exclude<RedeemOutcome, "ok">, string> = {
  unknown: "this sign-in link is not valid",
  used: "this sign-in link was already used (each link works once)",
  expired: "this sign-in link has expired (links last 10 minutes)",
};
const FRESH_LINK_HINT = "run `maestro dashboard` for a fresh link, or paste your token";

export function createDashboardAuth(options: DashboardAuthOptions): DashboardAuth {
  const now = options.now ?? Date.now;
  const key = deriveSessionKey(options.ownerToken);
  const codes = options.codes ?? createSignInCodes({ now });
  // Signed-out sessions, until they would have expired anyway (memory only: see docs/architecture.md).
  const revoked = new Map<string, number>();
  const cookieName = () => `maestro_session_${options.port()}`;

  function sessionOf(req: IncomingMessage) {
    const value = readCookie(req.headers.cookie, cookieName());
    const claims = value ? verifySession(key, value, now()) : undefined;
    return claims && !revoked.has(claims.id) ? claims : undefined;
  }

  function isSignedIn(req: IncomingMessage): boolean {
    return isSameOriginFetch(req) && sessionOf(req) !== undefined;
  }

  function revoke(id: string, expiresAt: number): void {
    for (const [other, until] of revoked) if (until <= now()) revoked.delete(other);
    if (revoked.size >= MAX_REVOKED) revoked.delete(revoked.keys().next().value as string);
    revoked.set(id, expiresAt);
  }

  function signIn(res: ServerResponse): void {
    const claims = { id: randomBytes(16).toString("base64url"), expiresAt: now() + SESSION_TTL_MS };
    res.setHeader("set-cookie", sessionCookieHeader(cookieName(), signSession(key, claims), SESSION_TTL_MS));
    res.writeHead(204).end();
  }

  async function handleSignIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = SignInBody.safeParse(await readJsonBody(req, MAX_BODY_BYTES));
    if (!parsed.success) throw new BodyError(400, 'the body must be {"code": "…"} or {"token": "…"}');
    if ("code" in parsed.data) {
      const outcome = codes.redeem(parsed.data.code);
      if (outcome !== "ok") return sendError(res, 401, `${REDEEM_MESSAGES[outcome]}: ${FRESH_LINK_HINT}`);
    } else if (!options.ownerToken || !sameSecret(parsed.data.token, options.ownerToken)) {
      return sendError(res, 401, "wrong token: it is in $MAESTRO_HOME/token (~/.maestro/token by default)");
    }
    signIn(res);
  }

  function handleSignOut(req: IncomingMessage, res: ServerResponse): void {
    const claims = sessionOf(req);
    if (claims) revoke(claims.id, claims.expiresAt);
    res.setHeader("set-cookie", sessionCookieHeader(cookieName(), "", 0));
    res.writeHead(204).end();
  }

  function route(req: IncomingMessage, res: ServerResponse): Promise<void> | void {
    const path = (req.url ?? "").split("?")[0];
    const endpoint = ENDPOINTS[path ?? ""];
    if (!endpoint) return sendError(res, 404, `no such endpoint: ${path}`);
    if (req.method !== endpoint) return sendError(res, 405, `${path} answers ${endpoint} only`, { allow: endpoint });
    if (path === "/auth/signin") return handleSignIn(req, res);
    if (path === "/auth/signout") return handleSignOut(req, res);
    if (isSignedIn(req)) return sendJson(res, 200, { signedIn: true });
    return sendJson(res, 401, { signedIn: false, error: { message: "not signed in" } });
  }

  return {
    isSignedIn,
    issueSignInLink(baseUrl) {
      const { code, expiresAt } = codes.issue();
      return { url: `${baseUrl}/signin#code=${code}`, expiresAt: new Date(expiresAt).toISOString() };
    },
    handle(req, res) {
      Promise.resolve()
        .then(() => route(req, res))
        .catch((error: unknown) => {
          if (error instanceof BodyError) return sendError(res, error.status, error.message);
          sendError(res, 400, "the request could not be read");
        });
    },
  };
}

const ENDPOINTS: Record<string, "GET" | "POST"> = {
  "/auth/signin": "POST",
  "/auth/signout": "POST",
  "/auth/session": "GET",
};

/**
 * Browsers say where a request comes from; a cookie counts only for the dashboard's own pages
 * (or no browser at all), never for a sibling site on another loopback port.
 */
function isSameOriginFetch(req: IncomingMessage): boolean {
  const site = req.headers["sec-fetch-site"];
  return site === undefined || site === "same-origin" || site === "none";
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { message } }, headers);
}
