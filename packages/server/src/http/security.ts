import type { IncomingMessage } from "node:http";

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
