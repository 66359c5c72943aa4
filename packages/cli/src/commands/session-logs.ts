import { isSessionEnded } from "@maestro/domain";
import yoctoSpinner from "yocto-spinner";
import type { CommandContext, CommandSpec } from "../command";
import { shortId } from "../format-session";
import { printJsonPages } from "../pages";
import { createTerminalTextFilter } from "../terminal-text";
import { SESSION_ARG } from "./common-specs";

type Chunk = { seq: number; stream: string; text: string; ts: string };

/**
 * Human output keeps the agent's colours but none of its other escape sequences (an agent must
 * not set the clipboard, retitle or redraw the reader's terminal), piped or not; `--json` keeps
 * the text as stored, escaped by JSON.
 */
function printer(ctx: CommandContext) {
  const filters = { stdout: createTerminalTextFilter(), stderr: createTerminalTextFilter() };
  return (chunks: readonly Chunk[]) => {
    if (ctx.output.json) {
      for (const chunk of chunks) ctx.io.out(JSON.stringify(chunk));
      return;
    }
    const text = chunks
      .map((chunk) => {
        const isStderr = chunk.stream === "stderr";
        const safe = (isStderr ? filters.stderr : filters.stdout).filter(chunk.text);
        return isStderr ? ctx.output.colors.red(safe) : safe;
      })
      .join("");
    if (text) process.stdout.write(text);
  };
}

/** The stored log, a page of chunks at a time. */
async function* logPages(ctx: CommandContext, id: string): AsyncGenerator<Chunk[]> {
  for (let after = 0; ;) {
    const page = await ctx.client().session.log.query({ id, afterSeq: after, limit: 5_000 });
    if (page.length === 0) return;
    yield page;
    after = page.at(-1)!.seq;
  }
}

/** The whole stored log, printed page by page as it comes (`--json`: one array, as before). */
async function printAll(ctx: CommandContext, id: string): Promise<void> {
  if (ctx.output.json) return printJsonPages(ctx.io, logPages(ctx, id));
  const print = printer(ctx);
  for await (const page of logPages(ctx, id)) print(page);
}

/** A spinner that shows after a second without output (on a terminal, for human output only). */
function idleSpinner(ctx: CommandContext, sessionId: string) {
  const spinner =
    ctx.io.isTTY && !ctx.output.json
      ? yoctoSpinner({ text: `waiting for output of ${shortId(sessionId)}…`, stream: process.stderr })
      : null;
  let idleTimer: NodeJS.Timeout | undefined;
  return {
    /** Hidden while output is printed. */
    hide: () => spinner?.stop(),
    /** Output was printed: show the spinner again after a quiet second. */
    restart() {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => spinner?.start(), 1_000);
    },
    stop() {
      clearTimeout(idleTimer);
      spinner?.stop();
    },
  };
}

/** Prints the live log from its start; `cursor` is the last seq printed. */
async function streamLog(ctx: CommandContext, sessionId: string, spinner: ReturnType<typeof idleSpinner>) {
  const print = printer(ctx);
  const { createLiveClient } = await import("../live-client");
  const live = createLiveClient({ url: ctx.url, token: ctx.token() });
  const stream = { cursor: 0, close: () => {} };
  const subscription = live.client.session.onLog.subscribe(
    { id: sessionId, afterSeq: 0 },
    {
      onData: ({ data }) => {
        spinner.hide();
        const fresh = data.filter((chunk) => chunk.seq > stream.cursor);
        if (fresh.length) stream.cursor = fresh.at(-1)!.seq;
        print(fresh);
        spinner.restart();
      },
      onError: (error) => ctx.io.err(`log stream error: ${error.message}`),
    },
  );
  stream.close = () => {
    subscription.unsubscribe();
    live.close();
  };
  return stream;
}

/** Polls until the session has ended and the server holds nothing after the last chunk printed. */
async function waitForEnd(ctx: CommandContext, sessionId: string, printedUpTo: () => number) {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const current = await ctx.client().session.byId.query({ id: sessionId });
    if (!isSessionEnded(current.status)) continue;
    const rest = await ctx.client().session.log.query({ id: sessionId, afterSeq: printedUpTo(), limit: 1 });
    if (rest.length === 0) return current;
  }
}

/** Replays then follows the log until the session ends and every chunk has been printed. */
async function follow(ctx: CommandContext, id: string): Promise<void> {
  const session = await ctx.client().session.byId.query({ id });
  const spinner = idleSpinner(ctx, session.id);
  const stream = await streamLog(ctx, session.id, spinner);
  spinner.restart();
  try {
    const ended = await waitForEnd(ctx, session.id, () => stream.cursor);
    spinner.stop();
    if (ctx.output.json) return;
    const exit = ended.exitCode === null ? "" : ` (exit ${ended.exitCode})`;
    ctx.io.err(ctx.output.colors.dim(`session ${shortId(ended.id)} ${ended.status}${exit}`));
  } finally {
    spinner.stop();
    stream.close();
  }
}

export const sessionLogs: CommandSpec = {
  path: ["session", "logs"],
  summary: "print a session's output; --follow streams it live until the session ends",
  args: [SESSION_ARG],
  options: [{ flags: "-f, --follow", description: "keep streaming until the session ends" }],
  examples: ["maestro session logs 3f2a9c1e --follow"],
  async run(ctx, [id], options) {
    const session = await ctx.client().session.byId.query({ id: id! });
    if (options.follow === true) await follow(ctx, session.id);
    else await printAll(ctx, session.id);
  },
};
