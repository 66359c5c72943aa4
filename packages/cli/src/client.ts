import type { AppRouter } from "@maestro/server";
import { createTRPCClient, httpLink } from "@trpc/client";

export type MaestroClient = ReturnType<typeof createMaestroClient>;

export interface ClientOptions {
  url: string;
  token?: string;
  /** Recorded as the author of every change this client makes. */
  actor: string;
}

/** The CLI's typed tRPC client (HTTP only: commands are request/response). */
export function createMaestroClient({ url, token, actor }: ClientOptions) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${url.replace(/\/$/, "")}/trpc`,
        headers: () => ({
          "x-maestro-actor": actor,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        }),
      }),
    ],
  });
}
