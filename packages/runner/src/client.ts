import type { AppRouter } from "@maestro/server";
import { type TRPCLink, createTRPCClient, createWSClient, httpLink, splitLink, wsLink } from "@trpc/client";
import WebSocket from "ws";
import { type ServerConnection, createFailoverLink } from "./failover-link";
import type { ServerPool } from "./server-pool";

export type RunnerClient = ReturnType<typeof createTRPCClient<AppRouter>>;

/**
 * The calls on the path from "ready" to "spawned" to "finished" (claim, started, finish) go over
 * the runner's one WebSocket: no request set-up, a few milliseconds less each; a release follows
 * the claim it answers on the same socket. Output batches
 * (large) and heartbeats (also the start-up check, whose HTTP errors name the cause) go over HTTP.
 */
const SOCKET_CALLS = new Set(["runner.claim", "runner.release", "runner.started", "runner.finish"]);

/** How long a call may go unanswered before the runner tries its next server (a claim adds its wait). */
export const CALL_TIMEOUT_MS = 10_000;

/** One server's links: the event subscription and socket calls over its WebSocket, the rest over HTTP. */
function serverLinks(serverUrl: string, token: string | undefined): ServerConnection {
  const base = serverUrl.replace(/\/$/, "");
  const wsClient = createWSClient({
    url: `${base.replace(/^http/, "ws")}/trpc`,
    // Node 20 has no global WebSocket.
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: () => (token ? { token } : {}),
    retryDelayMs: (attempt) => Math.min(250 * 2 ** attempt, 5_000),
    // Connects on the first subscription, so a runner that was created but never started holds nothing open.
    lazy: { enabled: true, closeMs: 0 },
  });
  const link: TRPCLink<AppRouter> = splitLink({
    condition: (op) => op.type === "subscription" || SOCKET_CALLS.has(op.path),
    true: wsLink({ client: wsClient }),
    false: httpLink({
      url: `${base}/trpc`,
      headers: (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {}),
    }),
  });
  return { link, close: () => void wsClient.close() };
}

/**
 * The runner's only way to its servers: the event subscription over WebSocket (which resumes
 * from the last event id after a reconnect), calls over the same socket or HTTP, all to the
 * pool's current server (see failover-link.ts). Embedded or remote, it is the same.
 */
export function createRunnerClient({
  pool,
  token,
  callTimeoutMs = CALL_TIMEOUT_MS,
}: {
  pool: ServerPool;
  token?: string | undefined;
  callTimeoutMs?: number;
}) {
  const failover = createFailoverLink({
    pool,
    connect: (url) => serverLinks(url, token),
    callTimeoutMs,
    isGivenUpOnMove: (op) => SOCKET_CALLS.has(op.path),
  });
  const client = createTRPCClient<AppRouter>({ links: [failover.link] });
  return { client, close: failover.close };
}
