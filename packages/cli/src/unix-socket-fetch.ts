import { nodeHttpFetch } from "./http-fetch";

/** `unix:/path/to/socket`: the address a sandboxed agent without network reaches Maestro at. */
export function socketPathOf(url: string): string | null {
  return url.startsWith("unix:") ? url.slice("unix:".length) : null;
}

/** A `fetch` over a Unix socket, for tRPC's httpLink (Node's own fetch has no socket option). */
export function unixSocketFetch(socketPath: string): typeof fetch {
  return nodeHttpFetch({ socketPath });
}
