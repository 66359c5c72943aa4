import type { Session } from "@maestro/domain";
import type { AppRouter } from "@maestro/server";
import type { QueryClient, QueryKey } from "@tanstack/react-query";
import type { TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { type SessionListFilter, isOlderSession, upsertSession } from "./session-cache";

type Trpc = TRPCOptionsProxy<AppRouter>;

/** The input a cached `session.list` query was made with (tRPC keys are `[path, { input, type }]`). */
function listFilter(queryKey: QueryKey): SessionListFilter {
  const meta = queryKey[1] as { input?: SessionListFilter } | undefined;
  return meta?.input ?? {};
}

interface StoreOptions {
  /** Live events arrive in commit order and always apply; mutation responses may be stale. */
  isFromEvent: boolean;
}

/** Puts a session (from an event or a mutation response) into every cached list and view of it. */
export function storeSession(queryClient: QueryClient, trpc: Trpc, session: Session, { isFromEvent }: StoreOptions): void {
  for (const [queryKey, list] of queryClient.getQueriesData<Session[]>(trpc.session.list.queryFilter())) {
    if (!list) continue;
    if (!isFromEvent && isOlderSession(list.find((item) => item.id === session.id), session)) continue;
    const next = upsertSession(list, session, listFilter(queryKey));
    if (next !== list) queryClient.setQueryData(queryKey, next);
  }
  const byIdKey = trpc.session.byId.queryKey({ id: session.id });
  const current = queryClient.getQueryData<Session>(byIdKey);
  if (current && !isFromEvent && isOlderSession(current, session)) return;
  // Events only refresh a session someone looks at; a mutation's answer seeds the page it opens.
  if (current || !isFromEvent) queryClient.setQueryData(byIdKey, session);
}
