import { type IncomingMessage, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Store } from "@maestro/db";
import { afterAll, describe, expect, it } from "vitest";
import { createDashboardAuth } from "../src/http/dashboard-auth";
import { createDashboardSessions } from "../src/http/dashboard-sessions";
import { SIGN_IN_CODE_TTL_MS, createSignInCodes } from "../src/http/sign-in-codes";
import { SESSION_TTL_MS, deriveSessionKey, readCookie, signSession, verifySession } from "../src/http/session-cookie";
import { ENGINE, openTestStore } from "./engine";

const OWNER = "owner-token-0123456789abcdef";

function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

const stores: Store[] = [];
afterAll(async () => {
  for (const store of stores.splice(0)) await store.close();
});

/** Codes over a fresh database of the run's engine. */
async function codesWith(options: Parameters<typeof createSignInCodes>[1] = {}) {
  const store = await openTestStore();
  stores.push(store);
  return createSignInCodes(store, options);
}

describe(`sign-in codes (${ENGINE})`, () => {
  it("are good once: a second use is told it was already used", async () => {
    const codes = await codesWith();
    const { code } = await codes.issue();
    expect(await codes.redeem(code)).toBe("ok");
    expect(await codes.redeem(code)).toBe("used");
    expect(await codes.redeem(`${code}x`)).toBe("unknown");
  });

  it("expire ten minutes after they are issued", async () => {
    const time = clock();
    const codes = await codesWith({ now: time.now });
    const early = await codes.issue();
    const late = await codes.issue();
    expect(early.expiresAt).toBe(time.now() + SIGN_IN_CODE_TTL_MS);
    time.advance(SIGN_IN_CODE_TTL_MS - 1);
    expect(await codes.redeem(early.code)).toBe("ok");
    time.advance(1);
    expect(await codes.redeem(late.code)).toBe("expired");
  });

  it("are bounded: past the cap the oldest link stops working", async () => {
    const time = clock();
    const codes = await codesWith({ max: 3, now: () => time.advance(1) });
    const issued: string[] = [];
    for (let i = 0; i < 4; i++) issued.push((await codes.issue()).code);
    expect(await codes.redeem(issued[0]!)).toBe("unknown");
    for (const code of issued.slice(1)) expect(await codes.redeem(code)).toBe("ok");
  });

  it("are random and URL-safe", async () => {
    const codes = await codesWith();
    const [a, b] = [(await codes.issue()).code, (await codes.issue()).code];
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

  it("end when the cookie expires, and only count for the server's own port", async () => {
    const time = clock();
    const auth = createDashboardAuth({ ownerToken: OWNER, port: () => 4700, now: time.now, codes: await codesWith() });
    const value = signSession(deriveSessionKey(OWNER), { id: "s1", expiresAt: time.now() + SESSION_TTL_MS });
    expect(auth.isSignedIn(requestWith(`maestro_session_4700=${value}`))).toBe(true);
    expect(auth.isSignedIn(requestWith(`maestro_session_4701=${value}`))).toBe(false);
    time.advance(SESSION_TTL_MS);
    expect(auth.isSignedIn(requestWith(`maestro_session_4700=${value}`))).toBe(false);
  });

  it("are named after the port the browser addressed (Host), so instances behind one address share them", async () => {
    const auth = createDashboardAuth({ ownerToken: OWNER, port: () => 4700, codes: await codesWith() });
    const value = signSession(deriveSessionKey(OWNER), { id: "s1", expiresAt: Date.now() + 60_000 });
    expect(auth.isSignedIn(requestWith(`maestro_session_8080=${value}`, { host: "team.test:8080" }))).toBe(true);
    expect(auth.isSignedIn(requestWith(`maestro_session_4700=${value}`, { host: "team.test:8080" }))).toBe(false);
    expect(auth.isSignedIn(requestWith(`maestro_session_4700=${value}`, { host: "127.0.0.1:4700" }))).toBe(true);
  });

  it("do not count for a request a browser says comes from another site", async () => {
    const auth = createDashboardAuth({ ownerToken: OWNER, port: () => 4700, codes: await codesWith() });
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
    const codes = await codesWith({ now: time.now });
    const auth = createDashboardAuth({ ownerToken: OWNER, port: () => 4700, now: time.now, codes });
    const server = createServer((req, res) => auth.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const code = new URL((await auth.issueSignInLink("http://127.0.0.1:4700")).url).hash.slice("#code=".length);
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
