import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useState } from "react";
import { RouterProvider } from "react-router/dom";
import { AuthGateContext, useAuthGate, useAuthGateState } from "../features/auth/auth-gate";
import { isUnauthorized } from "../features/auth/is-unauthorized";
import { isSignInPath } from "../features/auth/sign-in-link";
import { SignInPage } from "../features/auth/sign-in-page";
import { StartGateContext } from "../lib/start-gate";
import { TRPCProvider, createMaestroClient } from "../lib/trpc";
import { createAppRouter } from "./router";

/** Client errors (not found, bad input) will not fix themselves: do not retry them. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof TRPCClientError) {
    const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus ?? 0;
    if (status >= 400 && status < 500) return false;
  }
  return failureCount < 2;
}

/** Any call refused as unauthenticated (cookie expired, signed out elsewhere) brings the sign-in page. */
function createQueryClient(onUnauthorized: () => void): QueryClient {
  const onError = (error: unknown) => {
    if (isUnauthorized(error)) onUnauthorized();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    // Live events keep the cache fresh, so data is not refetched on every mount.
    defaultOptions: { queries: { staleTime: 30_000, retry: shouldRetry } },
  });
}

/** The dashboard proper: a fresh client, cache and router for each sign-in. */
function SignedInApp() {
  const gate = useAuthGate();
  const [queryClient] = useState(() => createQueryClient(gate.markSignedOut));
  const [{ client, startGate }] = useState(createMaestroClient);
  const [router] = useState(createAppRouter);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client} queryClient={queryClient}>
        <StartGateContext.Provider value={startGate}>
          <RouterProvider router={router} />
        </StartGateContext.Provider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

export function App() {
  const gate = useAuthGateState();
  const showSignIn = gate.isSignedOut || isSignInPath(window.location.pathname);
  return (
    <AuthGateContext.Provider value={gate}>
      {showSignIn ? <SignInPage /> : <SignedInApp key={gate.generation} />}
    </AuthGateContext.Provider>
  );
}
