import { latestEventId, listEvents as readEvents } from "@maestro/db";
import type {
  EventSubscriptionInput,
  ListEventsInput,
  MaestroEvent,
  Page,
  SessionSubscriptionInput,
} from "@maestro/domain";
import { tracked } from "@trpc/server";
import type { z } from "zod";
import type { Context } from "../../context";
import { OVERFLOWED } from "../../events";
import { requireProject } from "../project/resolve-project";
import type { VerbArgs } from "../unit-of-work";
import { withinPageBytes } from "../page-bytes";

const PAGE = 500;

/**
 * Live events, resumable: the cursor (`lastEventId`, else the log's latest id) is read before the
 * subscription answers "started" and before it listens to the bus; then it back-fills from the
 * events table after the cursor and follows live, skipping anything already sent. (Reading the
 * latest id after listening would skip an event published in between: live, it is not past the
 * cursor; stored, it is not after it.) The event id is the cursor
 * tRPC hands back on reconnect, so a client sees every event exactly once.
 */
export async function streamEvents({
  ctx,
  input,
  signal,
}: VerbArgs<EventSubscriptionInput> & { signal: AbortSignal | undefined }) {
  // Resolved before streaming, so an unknown project fails the subscription up front.
  const projectId = input.projectId ? (await requireProject(ctx.database.db, input.projectId)).id : undefined;
  const kinds = input.kinds?.length ? new Set<string>(input.kinds) : undefined;
  const accept = kinds ? (event: MaestroEvent) => kinds.has(event.kind) : undefined;
  return followEvents(ctx, { projectId, start: await startOf(ctx, input.lastEventId), accept }, signal);
}

/** Where a stream starts: after the event the client last had, or after the latest one now. */
async function startOf(ctx: Context, lastEventId: string | null | undefined): Promise<number> {
  return lastEventId ? Number(lastEventId) : await latestEventId(ctx.database.db);
}

/** Session events only (of a project, or of one session), with the same resume guarantees. */
export async function streamSessionEvents({
  ctx,
  input,
  signal,
}: VerbArgs<SessionSubscriptionInput> & { signal: AbortSignal | undefined }) {
  const projectId = input.projectId ? (await requireProject(ctx.database.db, input.projectId)).id : undefined;
  const accept = (event: MaestroEvent) =>
    event.entity === "session" && (!input.sessionId || event.entityId === input.sessionId);
  return followEvents(ctx, { projectId, start: await startOf(ctx, input.lastEventId), accept }, signal);
}

interface Follow {
  projectId: string | undefined;
  /** The id after which events are sent. */
  start: number;
  /** Narrows the stream further; the cursor still moves past what it skips. */
  accept?: (event: MaestroEvent) => boolean;
}

async function* followEvents(
  ctx: Context,
  { projectId, start, accept = () => true }: Follow,
  signal: AbortSignal | undefined,
) {
  const controller = new AbortController();
  signal?.addEventListener("abort", () => controller.abort(), { once: true });
  const live = ctx.events.subscribe(controller.signal);
  try {
    let cursor = yield* storedAfter(ctx, { projectId, accept }, start);
    for (;;) {
      const next = await live.next();
      if (next.done) return;
      if (next.value === OVERFLOWED) {
        // Too slow for the live queue: what it dropped is in the table.
        cursor = yield* storedAfter(ctx, { projectId, accept }, cursor);
        continue;
      }
      const event: MaestroEvent = next.value;
      if (Number(event.id) <= cursor || (projectId && event.projectId !== projectId)) continue;
      cursor = Number(event.id);
      if (accept(event)) yield tracked(event.id, event);
    }
  } finally {
    controller.abort();
    await live.return?.();
  }
}

/** The stored events after `cursor`, page by page; returns the last id read (the new cursor). */
async function* storedAfter(
  ctx: Context,
  { projectId, accept }: Pick<Follow, "projectId"> & { accept: (event: MaestroEvent) => boolean },
  cursor: number,
) {
  for (;;) {
    const page = await readEvents(ctx.database.db, { projectId, afterId: cursor, limit: PAGE });
    for (const event of page) {
      cursor = Number(event.id);
      if (accept(event)) yield tracked(event.id, event);
    }
    if (page.length < PAGE) return cursor;
  }
}

/** One page of events in id order (oldest or newest first); the cursor is the last id given. */
export async function listEvents({
  ctx,
  input,
}: {
  ctx: Context;
  input: z.output<typeof ListEventsInput>;
}): Promise<Page<MaestroEvent>> {
  const projectId = input.projectId ? (await requireProject(ctx.database.db, input.projectId)).id : undefined;
  const after = input.after ? Number(input.after) : undefined;
  const cursor = input.cursor ? Number(input.cursor) : undefined;
  const isNewestFirst = input.order === "desc";
  const fetched = await readEvents(ctx.database.db, {
    projectId,
    entityId: input.entityId,
    kinds: input.kinds,
    afterId: isNewestFirst ? after : Math.max(after ?? 0, cursor ?? 0) || undefined,
    beforeId: isNewestFirst ? cursor : undefined,
    limit: input.limit + 1,
    order: input.order,
  });
  const items = fetched.slice(0, input.limit);
  const hasMore = fetched.length > input.limit && items.length > 0;
  // An event carries a whole task or session: a page of them ends at its bytes too.
  return withinPageBytes({ items, nextCursor: hasMore ? items.at(-1)!.id : null }, (last) => last.id);
}
