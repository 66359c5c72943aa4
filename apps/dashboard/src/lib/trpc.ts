import type { AppRouter } from "@maestro/server";
import { createTRPCClient, createWSClient, httpBatchStreamLink, splitLink, wsLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

const ACTOR = "dashboard";

function webSocketUrl(): string {
  const protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${protocol}//${window.location.host}/trpc`;
}

/**
 * The one tRPC client: subscriptions over WebSocket, everything else over batched HTTP. The
 * HttpOnly session cookie authenticates both (browsers send it on the WebSocket upgrade too), so
 * no token is ever held by the page. The socket opens only while a subscription needs it, so a
 * signed-out page leaves none retrying.
 */
export function createMaestroClient() {
  const wsClient = createWSClient({
    url: webSocketUrl(),
    connectionParams: () => ({ actor: ACTOR }),
    lazy: { enabled: true, closeMs: 0 },
    keepAlive: { enabled: true, intervalMs: 10_000, pongTimeoutMs: 5_000 },
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: wsClient }),
        // Streamed: each answer of a batch arrives when it is ready, so a slow one (a big
        // project's autopilot status) never holds back the board's pages asked with it.
        false: httpBatchStreamLink({ url: "/trpc", headers: () => ({ "x-maestro-actor": ACTOR }) }),
      }),
    ],
  });
  return { client, wsClient };
}

export type MaestroWsClient = ReturnType<typeof createMaestroClient>["wsClient"];
