import { type IncomingMessage, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createDashboardAuth } from "../src/http/dashboard-auth";
import { createDashboardSessions } from "../src/http/dashboard-sessions";
import { SIGN_IN_CODE_TTL_MS, createSignInCodes } from "../src/http/sign-in-codes";
import { SESSION_TTL_MS, deriveSessionKey, readCookie, signSession, verifySession } from "../src/http/session-cookie";

const OWNER = "owner-token-0123456789abcdef";

function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe("sign-in codes", () => {
  it("are good once: a second use is told it was already used", () => {
    const codes = createSignInCodes();
    const { code } = codes.issue();
    expect(codes.redeem(code)).toBe("ok");
    expect(codes.redeem(code)).toBe("used");
    expect(codes.redeem(`${code}x`)).toBe("unknown");
  });

  it("expire ten minutes after they are issued", () => {
    const time = clock();
    const codes = createSignInCodes({ now: time.now });
    const early = codes.issue();
    const late = codes.issue();
    expect(early.expiresAt).toBe(time.now() + SIGN_IN_CODE_TTL_MS);
    time.advance(SIGN_IN_CODE_TTL_MS - 1);
    expect(codes.redeem(early.code)).toBe("ok");
    time.advance(1);
    expect(codes.redeem(late.code)).toBe("expired");
  });

  it("are bounded: past the cap the oldest link stops working", () => {
    const codes = createSignInCodes({ max: 3 });
    const issued = [1, 2, 3, 4].map(() => codes.issue().code);
    expect(codes.redeem(issued[0]!)).toBe("unknown");
    expect(issued.slice(1).map((code) => codes.redeem(code))).toEqual(["ok", "ok", "ok"]);
  });

  it("are random and URL-safe", () => {
    const codes = createSignInCodes();
    const [a, b] = [codes.issue().code, codes.issue().code];
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("session cookie", () => {
  const key = deriveSessionKey(OWNER);
  const claims = { id: "abc", expiresAt: 5_000 };

  it("verifies what it signed until it expires", () => {
    const value = signSession(key, claims);
    expect(verifySession(key, value, 4_999)).toEqual(claims);
    expect(verifySession(key, value, 5_000)).toBeUndefined();
  });

  it("refuses a tampered expiry, id or signature, and another server's key", () => {
    const value = signSession(key, claims);
    const [version, expiry, id, signature] = value.split(".");
    expect(verifySession(key, [version, "9".repeat(13), id, signature].join("."), 0)).toBeUndefined();
    expect(verifySession(key, [version, expiry, "abd", signature].join("."), 0)).toBeUndefined();
    expect(verifySession(key, [version, expiry, id, `${signature!.slice(0, -2)}AA`].join("."), 0)).toBeUndefined();
    expect(verifySession(deriveSessionKey("another-owner-token-0123"), value, 0)).toBeUndefined();
    expect(verifySession(key, "v1.9999999999999.abc", 0)).toBeUndefined();
    expect(verifySession(key, "", 0)).toBeUndefined();
  });

  it("binds a person's session to their token: another token id, or dropping it, breaks the signature", () => {
    const person = { ...claims, tokenId: "token-of-vic" };
    const value = signSession(key, person);
    expect(value.startsWith("v2.")).toBe(true);
    expect(verifySession(key, value, 0)).toEqual(person);
    const [, expiry, id, , signature] = value.split(".");
    expect(verifySession(key, ["v2", expiry, id, "token-of-ada", signature].join("."), 0)).toBeUndefined();
    expect(verifySession(key, ["v1", expiry, id, signature].join("."), 0)).toBeUndefined();
    expect(verifySession(key, ["v2", expiry, id, signature].join("."), 0)).toBeUndefined();
  });

  it("is derived from the owner token, so it survives a restart but not a new token", () => {
    expect(deriveSessionKey(OWNER).equals(deriveSessionKey(OWNER))).toBe(true);
    expect(deriveSessionKey(OWNER).equals(deriveSessionKey(`${OWNER}x`))).toBe(false);
  });

  it("is read by exact name from a Cookie header", () => {
    expect(readCookie("a=1; maestro_session_1=x.y; b=2", "maestro_session_1")).toBe("x.y");
    expect(readCookie("xmaestro_session_1=bad", "maestro_session_1")).toBeUndefined();
    expect(readCookie(undefined, "maestro_session_1")).toBeUndefined();
  });
});

describe("dashboard sessions", () => {
  function requestWith(cookie: string | undefined, headers: Record<string, string> = {}): IncomingMessage {
    return { headers: { ...(cookie ? { cookie } : {}), ...headers } } as unknown as IncomingMessage;
  }

  it("end when the cookie expires, and only count for the server's own port", () => {
    const time = clock();
    const auth = createDashboardAuth({ ownerToken: OWNER, port: () => 4700, now: time.now });
    const value = signSession(deriveSessionKey(OWNER), { id: "s1", expiresAt: time.now() + SESSION_TTL_MS });
    expect(auth.isSignedIn(requestWith(`maestro_session_4700=${value}`))).toBe(true);
    expect(auth.isSignedIn(requestWith(`maestro_session_4701=${value}`))).toBe(false);
    time.advance(SESSION_TTL_MS);
    expect(auth.isSignedIn(requestWith(`maestro_session_4700=${value}`))).toBe(false);
  });

  it("do not count for a request a browser says comes from another site", () => {
    const auth = createDashboardAuth({ ownerToken: OWNER, port: () => 4700 });
    const value = signSession(deriveSessionKey(OWNER), { id: "s1", expiresAt: Date.now() + 60_000 });
    const cookie = `maestro_session_4700=${value}`;
    expect(auth.isSignedIn(requestWith(cookie, { "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(auth.isSignedIn(requestWith(cookie, { "sec-fetch-site": "same-site" }))).toBe(false);
    expect(auth.isSignedIn(requestWith(cookie, { "sec-fetch-site": "cross-site" }))).toBe(false);
  });
});

describe("signing out", () => {
  const request = (value: string) =>
    ({ headers: { cookie: `maestro_session_4700=${value}` } }) as unknown as IncomingMessage;
  const response = () => ({ setHeader: () => undefined }) as never;

  it("keeps the owner's signed-out cookie refused however often a named token signs in and out", () => {
    const time = clock();
    const sessions = createDashboardSessions({ ownerToken: OWNER, port: () => 4700, now: time.now });
    const key = deriveSessionKey(OWNER);
    const expiresAt = time.now() + SESSION_TTL_MS;
    const owners = signSession(key, { id: "owner-1", expiresAt });
    sessions.end(request(owners), response());
    expect(sessions.current(request(owners))).toBeUndefined();
    // A viewer signs in (a cookie each time) and out, over and over: each sign-out is remembered.
    for (let i = 0; i < 1_500; i++) {
      sessions.end(request(signSession(key, { id: `vic-${i}`, expiresAt, tokenId: "vic-token" })), response());
    }
    expect(sessions.current(request(owners))).toBeUndefined();
  });
});

describe("dashboard sign-in endpoint", () => {
  it("answers an expired link with 401 saying it expired, and sets no cookie", async () => {
    const time = clock();
    const auth = createDashboardAuth({ ownerToken: OWNER, port: () => 4700, now: time.now });
    const server = createServer((req, res) => auth.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const code = new URL(auth.issueSignInLink("http://127.0.0.1:4700").url).hash.slice("#code=".length);
      time.advance(SIGN_IN_CODE_TTL_MS);
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/auth/signin`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code }),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get("set-cookie")).toBeNull();
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
        /^this sign-in link has expired .*maestro dashboard/,
      );
    } finally {
      server.close();
    }
  });
});
