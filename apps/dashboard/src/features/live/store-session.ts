import type { Session } from "@maestro/domain";
import type { AppRouter } from "@maestro/server";
import type { QueryClient, QueryKey } from "@tanstack/react-query";
import type { TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import {
  type CachedSessionList,
  type SessionListFilter,
  cachedSessions,
  isOlderSession,
  upsertCachedSessions,
} from "./session-cache";

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

/**
 * The newest state events brought of the latest sessions, per query client: a mutation's answer
 * (a session just queued) can arrive after the events of that session starting and running, when
 * nobody had its page open yet to take them.
 */
const recentByClient = new WeakMap<QueryClient, Map<string, Session>>();
const RECENT_SESSIONS = 200;

function recentSessions(queryClient: QueryClient): Map<string, Session> {
  let recent = recentByClient.get(queryClient);
  if (!recent) recentByClient.set(queryClient, (recent = new Map()));
  return recent;
}

function remember(queryClient: QueryClient, session: Session): void {
  const recent = recentSessions(queryClient);
  recent.delete(session.id);
  recent.set(session.id, session);
  if (recent.size > RECENT_SESSIONS) recent.delete(recent.keys().next().value!);
}

/** Puts a session (from an event or a mutation response) into every cached list and view of it. */
export function storeSession(
  queryClient: QueryClient,
  trpc: Trpc,
  incoming: Session,
  { isFromEvent }: StoreOptions,
): void {
  let session = incoming;
  if (isFromEvent) remember(queryClient, session);
  else {
    const known = recentSessions(queryClient).get(session.id);
    if (known && isOlderSession(known, session)) session = known;
  }
  // Both single pages (useQuery) and loaded pages (useInfiniteQuery) live under the path.
  for (const [queryKey, list] of queryClient.getQueriesData<CachedSessionList>(trpc.session.list.pathFilter())) {
    if (!list) continue;
    const cached = cachedSessions(list).find((item) => item.id === session.id);
    if (!isFromEvent && isOlderSession(cached, session)) continue;
    const next = upsertCachedSessions(list, session, listFilter(queryKey));
    if (next !== list) queryClient.setQueryData(queryKey, next);
  }
  const byIdKey = trpc.session.byId.queryKey({ id: session.id });
  const current = queryClient.getQueryData<Session>(byIdKey);
  if (current && !isFromEvent && isOlderSession(current, session)) return;
  // Events only refresh a session someone looks at; a mutation's answer seeds the page it opens.
  if (current || !isFromEvent) queryClient.setQueryData(byIdKey, session);
}
