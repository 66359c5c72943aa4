import { createContext, useCallback, useContext, useMemo, useState } from "react";

export interface AuthGate {
  /** A request came back 401 (or the person signed out): the sign-in page replaces the app. */
  isSignedOut: boolean;
  /** Bumped at each sign-in, so the app starts over with a fresh client and cache. */
  generation: number;
  markSignedOut(): void;
  markSignedIn(): void;
}

export const AuthGateContext = createContext<AuthGate | null>(null);

export function useAuthGateState(): AuthGate {
  const [isSignedOut, setSignedOut] = useState(false);
  const [generation, setGeneration] = useState(0);
  const markSignedOut = useCallback(() => setSignedOut(true), []);
  const markSignedIn = useCallback(() => {
    setSignedOut(false);
    setGeneration((value) => value + 1);
  }, []);
  return useMemo(
    () => ({ isSignedOut, generation, markSignedOut, markSignedIn }),
    [isSignedOut, generation, markSignedOut, markSignedIn],
  );
}

export function useAuthGate(): AuthGate {
  const gate = useContext(AuthGateContext);
  if (!gate) throw new Error("useAuthGate needs an AuthGateContext provider (see app.tsx)");
  return gate;
}
