import type { AppRouter } from "@maestro/server";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import WebSocket from "ws";
import type { ClientOptions } from "./client";

// Loaded with `await import()` by the commands that follow live streams, so that every other
// command starts without ws and tRPC's WebSocket link (see docs/architecture.md).

/** A WebSocket client for following live streams (logs); close it when done. */
export function createLiveClient({ url, token }: ClientOptions) {
  const wsClient = createWSClient({
    url: `${url.replace(/\/$/, "").replace(/^http/, "ws")}/trpc`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: () => ({ token }),
    retryDelayMs: (attempt) => Math.min(250 * 2 ** attempt, 5_000),
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
  // Closing never rejects (tRPC's close catches its own errors) and nothing waits for it.
  const close = (): void => void wsClient.close();
  return { client, close };
}
