import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useState } from "react";
import { RouterProvider } from "react-router/dom";
import { TRPCProvider, createMaestroClient } from "../lib/trpc";
import { router } from "./router";

/** Client errors (not found, bad input) will not fix themselves: do not retry them. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof TRPCClientError) {
    const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus ?? 0;
    if (status >= 400 && status < 500) return false;
  }
  return failureCount < 2;
}

function createQueryClient(): QueryClient {
  return new QueryClient({
    // Live events keep the cache fresh, so data is not refetched on every mount.
    defaultOptions: { queries: { staleTime: 30_000, retry: shouldRetry } },
  });
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [{ client }] = useState(createMaestroClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client} queryClient={queryClient}>
        <RouterProvider router={router} />
      </TRPCProvider>
    </QueryClientProvider>
  );
}
