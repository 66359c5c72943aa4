import type { IncomingMessage, ServerResponse } from "node:http";

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];

export function isLoopbackHost(host: string): boolean {
  return host === "127.0.0.1" || host === "localhost" || host === "::1" || host.startsWith("127.");
}

export interface OriginPolicy {
  /** `host:port` values a request's Host header may carry. */
  hosts: Set<string>;
  /** Full origins (`http://host:port`) a browser page may call from. */
  origins: Set<string>;
}

/**
 * Only the server's own names are accepted: loopback on its port, the bind address, and what
 * the operator added. This is what keeps a web page the user happens to visit (or a DNS
 * rebinding trick) from driving their agents.
 */
export function buildOriginPolicy(opts: {
  host: string;
  port: number;
  extraHosts: string[];
  extraOrigins: string[];
}): OriginPolicy {
  const names = new Set(LOOPBACK_NAMES);
  if (opts.host !== "0.0.0.0" && opts.host !== "::") names.add(opts.host.includes(":") ? `[${opts.host}]` : opts.host);
  const hosts = new Set<string>();
  for (const name of names) hosts.add(`${name}:${opts.port}`);
  for (const extra of opts.extraHosts) {
    hosts.add(/:\d+$/.test(extra) ? extra.toLowerCase() : `${extra.toLowerCase()}:${opts.port}`);
  }
  const origins = new Set([...hosts].map((host) => `http://${host}`));
  // Browsers send origins in lower case; an operator may not write them that way.
  for (const origin of opts.extraOrigins) origins.add(origin.replace(/\/$/, "").toLowerCase());
  return { hosts, origins };
}

/** Returns why a request must be refused, or null when it may proceed. */
export function checkRequestOrigin(req: IncomingMessage, policy: OriginPolicy): string | null {
  const host = req.headers.host?.toLowerCase();
  if (!host || !policy.hosts.has(host)) return `host "${host ?? ""}" is not allowed`;
  const origin = req.headers.origin;
  if (origin !== undefined && !policy.origins.has(origin.toLowerCase())) return `origin "${origin}" is not allowed`;
  return null;
}

/**
 * Sent on every response. Scripts only from the server itself; `'unsafe-inline'` styles because the
 * diff view writes `<style>` elements at run time; images from the server or data: only (a remote
 * image in markdown would tell a third party what was read); no framing (clickjacking).
 */
export function setSecurityHeaders(res: ServerResponse, allowedHost: string | null): void {
  const sockets = allowedHost ? ` ws://${allowedHost} wss://${allowedHost}` : "";
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  res.setHeader("content-security-policy", policy);
  res.setHeader("referrer-policy", "no-referrer");
  res.setHeader("x-frame-options", "DENY");
  res.setHeader("x-content-type-options", "nosniff");
}
