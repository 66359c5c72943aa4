import type { AppRouter } from "@maestro/server";
import { createTRPCClient, createWSClient, httpLink, splitLink, wsLink } from "@trpc/client";
import WebSocket from "ws";

export type RunnerClient = ReturnType<typeof createRunnerClient>["client"];

/**
 * The calls on the path from "ready" to "spawned" to "finished" (claim, started, finish) go over
 * the runner's one WebSocket: no request set-up, a few milliseconds less each; a release follows
 * the claim it answers on the same socket. Output batches
 * (large) and heartbeats (also the start-up check, whose HTTP errors name the cause) go over HTTP.
 */
const SOCKET_CALLS = new Set(["runner.claim", "runner.release", "runner.started", "runner.finish"]);

/**
 * The runner's only way to the server: the event subscription over WebSocket (which resumes from
 * the last event id after a reconnect), calls over the same socket or HTTP. Embedded or remote,
 * it is the same.
 */
export function createRunnerClient({ serverUrl, token }: { serverUrl: string; token?: string }) {
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
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription" || SOCKET_CALLS.has(op.path),
        true: wsLink({ client: wsClient }),
        false: httpLink({
          url: `${base}/trpc`,
          headers: (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {}),
        }),
      }),
    ],
  });
  return { client, close: () => wsClient.close() };
}
