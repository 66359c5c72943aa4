import type { Me } from "@maestro/domain";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";
import { type ProcedurePath, mayCall } from "./access";

/**
 * Who is signed in, asked once per sign-in: each sign-in starts a fresh query cache (app.tsx),
 * and a role never changes under a live session (revoking the token ends it instead).
 */
export function useMe(): Me | undefined {
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.auth.me.queryOptions(), staleTime: Number.POSITIVE_INFINITY });
  return data;
}

/** Whether the signed-in caller may call `procedure`: controls it may not use are not rendered. */
export function useCan(procedure: ProcedurePath): boolean {
  return mayCall(useMe(), procedure);
}
