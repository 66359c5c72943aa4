import type { EndReason, Session, SessionStatus } from "@maestro/domain";

/**
 * Pure updates of cached session lists. A list query's input is a filter the dashboard can
 * evaluate itself (project id, task id, statuses, end reasons, limit), so a changed session is inserted,
 * replaced or removed in place instead of refetching every list. Inputs must use ids, not keys.
 */

export interface SessionListFilter {
  projectId?: string;
  taskId?: string;
  status?: SessionStatus | readonly SessionStatus[];
  endReason?: EndReason | readonly EndReason[];
  limit?: number;
}

const DEFAULT_LIMIT = 100;

export function sessionMatches(filter: SessionListFilter, session: Session): boolean {
  if (filter.projectId !== undefined && filter.projectId !== session.projectId) return false;
  if (filter.taskId !== undefined && !session.taskIds.includes(filter.taskId)) return false;
  if (filter.status !== undefined) {
    const statuses: readonly SessionStatus[] = typeof filter.status === "string" ? [filter.status] : filter.status;
    if (statuses.length > 0 && !statuses.includes(session.status)) return false;
  }
  return matchesEndReason(filter.endReason, session);
}

function matchesEndReason(wanted: SessionListFilter["endReason"], session: Session): boolean {
  if (wanted === undefined) return true;
  const reasons: readonly EndReason[] = typeof wanted === "string" ? [wanted] : wanted;
  return reasons.length === 0 || (session.endReason !== null && reasons.includes(session.endReason));
}

/** Newest first, as the server lists them. */
function byCreatedDesc(a: Session, b: Session): number {
  return b.createdAt.localeCompare(a.createdAt);
}

export function upsertSession(
  list: readonly Session[] | undefined,
  session: Session,
  filter: SessionListFilter,
): Session[] | undefined {
  if (!list) return undefined;
  const index = list.findIndex((item) => item.id === session.id);
  const matches = sessionMatches(filter, session);
  if (index === -1) {
    if (!matches) return list as Session[];
    return [...list, session].sort(byCreatedDesc).slice(0, filter.limit ?? DEFAULT_LIMIT);
  }
  if (!matches) return list.filter((item) => item.id !== session.id);
  const next = [...list];
  next[index] = session;
  return next;
}

const STAGE: Record<SessionStatus, number> = {
  queued: 0,
  starting: 1,
  running: 2,
  needs_input: 2,
  waiting: 2,
  succeeded: 3,
  failed: 3,
  cancelled: 3,
  interrupted: 3,
  timed_out: 3,
};

/**
 * Sessions carry no version: a mutation's response (which may arrive after the live events of
 * later changes) must not move a session back to an earlier stage. Events are applied in order.
 */
export function isOlderSession(current: Session | undefined, incoming: Session): boolean {
  return current !== undefined && current.id === incoming.id && STAGE[current.status] > STAGE[incoming.status];
}

/** A cached `session.list` answer: one page (`useQuery`), or the pages loaded so far (`useInfiniteQuery`). */
export interface SessionPage {
  items: Session[];
  nextCursor: string | null;
}
export interface SessionPages {
  pages: SessionPage[];
  pageParams: unknown[];
}
export type CachedSessionList = SessionPage | SessionPages;

function isPages(data: CachedSessionList): data is SessionPages {
  return "pages" in data;
}

export function cachedSessions(data: CachedSessionList): Session[] {
  return isPages(data) ? data.pages.flatMap((page) => page.items) : data.items;
}

function patchPage(page: SessionPage, session: Session, filter: SessionListFilter): SessionPage {
  const items = upsertSession(page.items, session, filter)!;
  return items === page.items ? page : { ...page, items };
}

/**
 * A session inserted, replaced or removed in a cached list. Pages loaded one after another
 * keep what they hold; a session none of them holds joins the first page only if it is newer
 * than the first page's last (an older one turns up when its page is loaded).
 */
export function upsertCachedSessions(
  data: CachedSessionList | undefined,
  session: Session,
  filter: SessionListFilter,
): CachedSessionList | undefined {
  if (!data) return undefined;
  if (!isPages(data)) return patchPage(data, session, filter);
  const unbounded = { ...filter, limit: Number.POSITIVE_INFINITY };
  let index = data.pages.findIndex((page) => page.items.some((item) => item.id === session.id));
  if (index === -1) {
    const first = data.pages[0];
    const last = first?.items.at(-1);
    if (!first || (first.nextCursor !== null && last && session.createdAt < last.createdAt)) return data;
    index = 0;
  }
  const page = patchPage(data.pages[index]!, session, unbounded);
  if (page === data.pages[index]) return data;
  return { ...data, pages: data.pages.map((item, i) => (i === index ? page : item)) };
}
