import type { AppRouter } from "@maestro/server";
import { createTRPCClient, httpLink } from "@trpc/client";
import { nodeHttpFetch } from "./http-fetch";
import { socketPathOf, unixSocketFetch } from "./unix-socket-fetch";

export type MaestroClient = ReturnType<typeof createMaestroClient>;

export interface ClientOptions {
  url: string;
  /** The owner's or a session's token; the server records the change as its principal's. */
  token: string;
}

/** An http(s) URL, or `unix:<socket>` (a sandboxed agent's way to Maestro: the host name is unused). */
function httpTarget(url: string): { url: string; fetch: typeof fetch } {
  const socketPath = socketPathOf(url);
  if (socketPath) return { url: "http://maestro/trpc", fetch: unixSocketFetch(socketPath) };
  return { url: `${url.replace(/\/$/, "")}/trpc`, fetch: nodeHttpFetch() };
}

/** The CLI's typed tRPC client (HTTP only: commands are request/response). */
export function createMaestroClient({ url, token }: ClientOptions) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        ...httpTarget(url),
        headers: () => ({ authorization: `Bearer ${token}` }),
      }),
    ],
  });
}
