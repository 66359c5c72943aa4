import type { AppRouter } from "@maestro/server";
import { createTRPCClient, createWSClient, httpBatchStreamLink, splitLink, wsLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { createStartGate, holdUntilStarted } from "./start-gate";

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
 * signed-out page leaves none retrying. The first queries wait for the live subscription to start
 * (`startGate`, see start-gate.ts); a socket that fails lets them go at once.
 */
export function createMaestroClient() {
  const startGate = createStartGate();
  const wsClient = createWSClient({
    url: webSocketUrl(),
    connectionParams: () => ({ actor: ACTOR }),
    onError: () => startGate.release(),
    onClose: () => startGate.release(),
    lazy: { enabled: true, closeMs: 0 },
    keepAlive: { enabled: true, intervalMs: 10_000, pongTimeoutMs: 5_000 },
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      holdUntilStarted<AppRouter>(startGate),
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: wsClient }),
        // Streamed: each answer of a batch arrives when it is ready, so a slow one (a big
        // project's autopilot status) never holds back the board's pages asked with it.
        false: httpBatchStreamLink({ url: "/trpc", headers: () => ({ "x-maestro-actor": ACTOR }) }),
      }),
    ],
  });
  return { client, wsClient, startGate };
}

export type MaestroWsClient = ReturnType<typeof createMaestroClient>["wsClient"];
