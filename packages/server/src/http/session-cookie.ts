import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** How long a browser stays signed in without being asked again. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60_000;
const VERSION = "v1";
/** A person's session: the token id is signed with the rest. */
const PERSON_VERSION = "v2";

export interface SessionClaims {
  id: string;
  expiresAt: number;
  /** A person's session is bound to their named token: revoking it ends the session. Absent: the owner's. */
  tokenId?: string;
}

/**
 * The signing key. Derived from the owner token, cookies survive a restart and die when the
 * token is replaced; without one (a server that needs no token) a random key lasts one run.
 */
export function deriveSessionKey(ownerToken: string | undefined): Buffer {
  if (!ownerToken) return randomBytes(32);
  return createHmac("sha256", ownerToken).update("maestro dashboard session key").digest();
}

/** Constant-time comparison, so response timing says nothing about the secret. */
export function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sign(key: Buffer, payload: string): string {
  return createHmac("sha256", key).update(payload).digest("base64url");
}

/**
 * `v1.<expiry ms>.<random id>.<HMAC-SHA256 of the rest>` (the owner's), or
 * `v2.<expiry ms>.<random id>.<token id>.<HMAC>` (a person's): the server keeps no session table.
 */
export function signSession(key: Buffer, claims: SessionClaims): string {
  const payload =
    claims.tokenId === undefined
      ? `${VERSION}.${claims.expiresAt}.${claims.id}`
      : `${PERSON_VERSION}.${claims.expiresAt}.${claims.id}.${claims.tokenId}`;
  return `${payload}.${sign(key, payload)}`;
}

/** The claims of an untampered, unexpired value; undefined for anything else. */
export function verifySession(key: Buffer, value: string, now: number): SessionClaims | undefined {
  const parts = value.split(".");
  const isOwners = parts.length === 4 && parts[0] === VERSION;
  const isPersons = parts.length === 5 && parts[0] === PERSON_VERSION;
  if (!isOwners && !isPersons) return undefined;
  const signature = parts.pop() ?? "";
  if (!sameSecret(signature, sign(key, parts.join(".")))) return undefined;
  const [, expiry = "", id = "", tokenId] = parts;
  const expiresAt = Number(expiry);
  if (!/^\d{1,15}$/.test(expiry) || expiresAt <= now) return undefined;
  return tokenId === undefined ? { id, expiresAt } : { id, expiresAt, tokenId };
}

/** One cookie's value from a `Cookie` header; the first wins, as browsers send the most specific first. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

/**
 * HttpOnly keeps page scripts from reading it; SameSite=Strict keeps other sites from sending it.
 * No `Secure`: Maestro serves plain http on loopback, where a Secure cookie would never be sent.
 */
export function sessionCookieHeader(name: string, value: string, maxAgeMs: number): string {
  const maxAge = Math.max(0, Math.floor(maxAgeMs / 1000));
  return `${name}=${value}; Max-Age=${maxAge}; Path=/; HttpOnly; SameSite=Strict`;
}
