import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { type DashboardSessions, createDashboardSessions } from "./dashboard-sessions";
import { BodyError, readJsonBody } from "./read-json-body";
import type { RedeemOutcome, SignInCodes } from "./sign-in-codes";
import { type SessionClaims, sameSecret } from "./session-cookie";
import type { PersonPrincipal } from "../context";

const MAX_BODY_BYTES = 4 * 1024;

const SignInBody = z.union([
  z.object({ code: z.string().min(1).max(200) }).strict(),
  z.object({ token: z.string().min(1).max(500) }).strict(),
]);

/** Who a named token's secret (or its id, for a session bound to it) is, while the token is live. */
export interface PersonLookup {
  bySecret(secret: string): Promise<PersonPrincipal | undefined>;
  byId(tokenId: string): Promise<PersonPrincipal | undefined>;
}

/** The browser side of "always authenticated": one-time links and a signed session cookie. */
export interface DashboardAuth {
  /** A valid session cookie, sent by this server's own pages (HTTP request or WebSocket upgrade). */
  isSignedIn(req: IncomingMessage): boolean;
  /** The valid session's claims: a `tokenId` when a person signed in, none for the owner. */
  sessionOf(req: IncomingMessage): SessionClaims | undefined;
  /** Calls `close` when that session signs out, until `signal` aborts: a WebSocket it opened ends with it. */
  watchSession(claims: SessionClaims, signal: AbortSignal, close: () => void): void;
  /** Whether that session has signed out since (a WebSocket's context outlives the check at its upgrade). */
  hasSignedOut(claims: SessionClaims): boolean;
  /** A fresh one-time link to `<baseUrl>/signin#code=…`, good on every instance sharing the database. */
  issueSignInLink(baseUrl: string): Promise<{ url: string; expiresAt: string }>;
  /** Answers `/auth/signin`, `/auth/signout` and `/auth/session`. */
  handle(req: IncomingMessage, res: ServerResponse): void;
}

export interface DashboardAuthOptions {
  ownerToken: string | undefined;
  /** The listening port, named in the cookie when the request's Host names none. */
  port: () => number;
  /** Where one-time codes are kept (the database: any instance may redeem a link). */
  codes: SignInCodes;
  now?: () => number;
  /** Named tokens sign in too (a server with a database has them). */
  people?: PersonLookup;
}

interface Parts {
  ownerToken: string | undefined;
  people: PersonLookup | undefined;
  codes: SignInCodes;
  sessions: DashboardSessions;
}

export function createDashboardAuth(options: DashboardAuthOptions): DashboardAuth {
  const now = options.now ?? Date.now;
  const parts: Parts = {
    ownerToken: options.ownerToken,
    people: options.people,
    codes: options.codes,
    sessions: createDashboardSessions({ ownerToken: options.ownerToken, port: options.port, now }),
  };
  return {
    isSignedIn: (req) => parts.sessions.current(req) !== undefined,
    sessionOf: (req) => parts.sessions.current(req),
    watchSession: (claims, signal, close) => parts.sessions.watch(claims, signal, close),
    hasSignedOut: (claims) => parts.sessions.hasEnded(claims),
    async issueSignInLink(baseUrl) {
      const { code, expiresAt } = await parts.codes.issue();
      return { url: `${baseUrl}/signin#code=${code}`, expiresAt: new Date(expiresAt).toISOString() };
    },
    handle(req, res) {
      // Whatever the body holds, the answer is a 4xx naming the problem, never a crash.
      Promise.resolve()
        .then(() => route(parts, req, res))
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

async function route(parts: Parts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? "").split("?")[0] ?? "";
  const method = ENDPOINTS[path];
  if (!method) return sendError(res, 404, `no such endpoint: ${path}`);
  if (req.method !== method) return sendError(res, 405, `${path} answers ${method} only`, { allow: method });
  if (path === "/auth/signin") return signIn(parts, req, res);
  if (path === "/auth/signout") {
    parts.sessions.end(req, res);
    res.writeHead(204).end();
    return;
  }
  await answerSession(parts, req, res);
}

/** Who is signed in (the dashboard names them); a session whose token was revoked is over. */
async function answerSession(parts: Parts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const claims = parts.sessions.current(req);
  if (!claims) return sendJson(res, 401, { signedIn: false, error: { message: "not signed in" } });
  if (claims.tokenId === undefined) {
    return sendJson(res, 200, { signedIn: true, kind: "owner", name: null, role: "admin" });
  }
  const person = await parts.people?.byId(claims.tokenId);
  if (person) return sendJson(res, 200, { signedIn: true, kind: "person", name: person.name, role: person.role });
  parts.sessions.end(req, res);
  sendJson(res, 401, { signedIn: false, error: { message: "the token this browser signed in with was revoked" } });
}

const REDEEM_MESSAGES: Record<Exclude<RedeemOutcome, "ok">, string> = {
  unknown: "this sign-in link is not valid",
  used: "this sign-in link was already used (each link works once)",
  expired: "this sign-in link has expired (links last 10 minutes)",
};
const FRESH_LINK_HINT = "run `maestro dashboard` for a fresh link, or paste your token";

async function signIn(parts: Parts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const parsed = SignInBody.safeParse(await readJsonBody(req, MAX_BODY_BYTES));
  if (!parsed.success) throw new BodyError(400, 'the body must be {"code": "…"} or {"token": "…"}');
  if ("code" in parsed.data) {
    const outcome = await parts.codes.redeem(parsed.data.code);
    if (outcome !== "ok") return sendError(res, 401, `${REDEEM_MESSAGES[outcome]}: ${FRESH_LINK_HINT}`);
    parts.sessions.start(req, res);
  } else if (parts.ownerToken && sameSecret(parsed.data.token, parts.ownerToken)) {
    parts.sessions.start(req, res);
  } else {
    const person = await parts.people?.bySecret(parsed.data.token);
    if (!person) return sendError(res, 401, WRONG_TOKEN);
    parts.sessions.start(req, res, person.tokenId);
  }
  res.writeHead(204).end();
}

const WRONG_TOKEN =
  "wrong token: the owner's is in $MAESTRO_HOME/token (~/.maestro/token by default); a named token is the mst_… secret `maestro token create` printed";

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { message } }, headers);
}
