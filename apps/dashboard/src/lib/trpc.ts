import type { AppRouter } from "@maestro/server";
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { readAuthToken } from "./auth-token";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

const ACTOR = "dashboard";

function webSocketUrl(): string {
  const protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${protocol}//${window.location.host}/trpc`;
}

/** The one tRPC client: subscriptions over WebSocket, everything else over batched HTTP. */
export function createMaestroClient() {
  const token = readAuthToken();
  const wsClient = createWSClient({
    url: webSocketUrl(),
    // Browsers cannot set headers on a WebSocket, so the actor and token travel as connection params.
    connectionParams: () => (token ? { actor: ACTOR, token } : { actor: ACTOR }),
    keepAlive: { enabled: true, intervalMs: 10_000, pongTimeoutMs: 5_000 },
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: wsClient }),
        false: httpBatchLink({
          url: "/trpc",
          headers: () => ({
            "x-maestro-actor": ACTOR,
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          }),
        }),
      }),
    ],
  });
  return { client, wsClient };
}

export type MaestroWsClient = ReturnType<typeof createMaestroClient>["wsClient"];
