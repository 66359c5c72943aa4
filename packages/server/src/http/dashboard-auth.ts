import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { type DashboardSessions, createDashboardSessions } from "./dashboard-sessions";
import { BodyError, readJsonBody } from "./read-json-body";
import { type RedeemOutcome, type SignInCodes, createSignInCodes } from "./sign-in-codes";
import { sameSecret } from "./session-cookie";

const MAX_BODY_BYTES = 4 * 1024;

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
  /** The listening port, named in the cookie. */
  port: () => number;
  now?: () => number;
}

interface Parts {
  ownerToken: string | undefined;
  codes: SignInCodes;
  sessions: DashboardSessions;
}

export function createDashboardAuth(options: DashboardAuthOptions): DashboardAuth {
  const now = options.now ?? Date.now;
  const parts: Parts = {
    ownerToken: options.ownerToken,
    codes: createSignInCodes({ now }),
    sessions: createDashboardSessions({ ownerToken: options.ownerToken, port: options.port, now }),
  };
  return {
    isSignedIn: (req) => parts.sessions.current(req) !== undefined,
    issueSignInLink(baseUrl) {
      const { code, expiresAt } = parts.codes.issue();
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

function route(parts: Parts, req: IncomingMessage, res: ServerResponse): Promise<void> | void {
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
  if (parts.sessions.current(req)) return sendJson(res, 200, { signedIn: true });
  sendJson(res, 401, { signedIn: false, error: { message: "not signed in" } });
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
    const outcome = parts.codes.redeem(parsed.data.code);
    if (outcome !== "ok") return sendError(res, 401, `${REDEEM_MESSAGES[outcome]}: ${FRESH_LINK_HINT}`);
  } else if (!parts.ownerToken || !sameSecret(parsed.data.token, parts.ownerToken)) {
    return sendError(res, 401, "wrong token: it is in $MAESTRO_HOME/token (~/.maestro/token by default)");
  }
  parts.sessions.start(res);
  res.writeHead(204).end();
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { message } }, headers);
}
