import { EventId, EventKind, type MaestroEvent } from "@maestro/domain";
import { type CommandContext, type CommandSpec, schemaListOption, schemaOption, stringOption } from "../command";
import { UsageError } from "../errors";
import { formatEventLine } from "../format-event";
import { LimitValue, collectPages, limitOption, oldestFirst } from "../pages";

const DEFAULT_LIMIT = 50;
const PAGE = 500;

interface EventFilter {
  projectId: string | undefined;
  kinds: EventKind[] | undefined;
}

/** Prints events one line each (NDJSON with --json); remembers the last id printed. */
function eventPrinter(ctx: CommandContext) {
  const printer = {
    lastId: 0,
    print(event: MaestroEvent) {
      // A resumed stream never repeats what was printed, whatever cursor the reconnect sent.
      if (Number(event.id) <= printer.lastId) return;
      ctx.io.out(ctx.output.json ? JSON.stringify(event) : formatEventLine(ctx.output, event));
      printer.lastId = Number(event.id);
    },
  };
  return printer;
}
type Printer = ReturnType<typeof eventPrinter>;

/** Every event after `since` (at most `max`), page by page, each page printed as it arrives. */
async function printSince(ctx: CommandContext, filter: EventFilter, since: string, max: number, printer: Printer) {
  let printed = 0;
  let cursor: string | null = null;
  while (printed < max) {
    const page = await ctx.client().event.list.query({
      ...filter,
      after: since,
      cursor,
      limit: Math.min(PAGE, max - printed),
    });
    for (const event of page.items) printer.print(event);
    printed += page.items.length;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/** The newest `max` events, oldest first. */
async function printRecent(ctx: CommandContext, filter: EventFilter, max: number, printer: Printer) {
  const recent = await collectPages(
    (page) => ctx.client().event.list.query({ ...filter, ...page, order: "desc" }),
    max,
  );
  for (const event of oldestFirst(recent)) printer.print(event);
}

/** The newest event id of all (0 when there is none): where following starts if nothing matched. */
async function headId(ctx: CommandContext): Promise<number> {
  const page = await ctx.client().event.list.query({ order: "desc", limit: 1 });
  return Number(page.items[0]?.id ?? 0);
}

/** Resolves with the first Ctrl-C or SIGTERM: following ends there, and that is success. */
function untilStopped(): { stopped: Promise<void>; dispose: () => void } {
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return {
    stopped,
    dispose: () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    },
  };
}

/**
 * Follows live events after `fromId` until stopped. The WebSocket client reconnects on its own
 * and resubscribes after the last id it received, which is the last one printed: printing
 * happens synchronously as each event arrives.
 */
async function followLive(ctx: CommandContext, filter: EventFilter, fromId: number, printer: Printer) {
  const { createLiveClient } = await import("../live-client");
  const live = createLiveClient({ url: ctx.url, token: ctx.token() });
  const { stopped, dispose } = untilStopped();
  let fail: (error: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  const subscription = live.client.event.onEvent.subscribe(
    { ...filter, lastEventId: String(fromId) },
    { onData: ({ data }) => printer.print(data), onError: (error) => fail(error) },
  );
  try {
    await Promise.race([stopped, failed]);
  } finally {
    dispose();
    subscription.unsubscribe();
    live.close();
  }
}

export const events: CommandSpec = {
  path: ["events"],
  summary: "print the activity log (one line, or one JSON object, per event); --follow streams it live",
  options: [
    { flags: "--project <p>", description: "only this project's events (id or key)" },
    {
      flags: "--kind <kind>",
      description: "only events of this kind (repeatable, or comma-separated)",
      schema: EventKind,
      repeatable: true,
      commaSeparated: true,
    },
    {
      flags: "--since <event-id>",
      description: "start after this event id (default: the recent history)",
      schema: EventId,
    },
    {
      flags: "--limit <n>",
      description: `at most this many past events (default ${DEFAULT_LIMIT} without --since, all after it)`,
      integer: true,
      schema: LimitValue,
    },
    { flags: "-f, --follow", description: "keep streaming new events live (Ctrl-C stops)" },
  ],
  examples: ["maestro events --follow --json", "maestro events --project WEB --kind task.updated --since 120"],
  async run(ctx, _args, options) {
    const filter: EventFilter = {
      projectId: stringOption(options, "project"),
      kinds: schemaListOption(options, "kind", EventKind),
    };
    const since = schemaOption(options, "since", EventId);
    const limit = limitOption(options);
    const printer = eventPrinter(ctx);
    const head = options.follow === true ? await headId(ctx) : 0;
    if (since !== undefined) await printSince(ctx, filter, since, limit ?? Number.POSITIVE_INFINITY, printer);
    else await printRecent(ctx, filter, limit ?? DEFAULT_LIMIT, printer);
    if (options.follow !== true) return;
    const from = Math.max(printer.lastId, since === undefined ? head : Number(since));
    if (!Number.isSafeInteger(from)) throw new UsageError("--since: not an event id");
    await followLive(ctx, filter, from, printer);
  },
};
