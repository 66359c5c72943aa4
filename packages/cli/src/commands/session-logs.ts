import { isSessionEnded } from "@maestro/domain";
import yoctoSpinner from "yocto-spinner";
import { createLiveClient } from "../client";
import type { CommandContext, CommandSpec } from "../command";
import { shortId } from "../format-session";
import { SESSION_ARG } from "./common-specs";

type Chunk = { seq: number; stream: string; text: string; ts: string };

function printer(ctx: CommandContext) {
  return (chunks: readonly Chunk[]) => {
    if (ctx.output.json) {
      for (const chunk of chunks) ctx.io.out(JSON.stringify(chunk));
      return;
    }
    const text = chunks
      .map((chunk) => (chunk.stream === "stderr" ? ctx.output.colors.red(chunk.text) : chunk.text))
      .join("");
    if (text) process.stdout.write(text);
  };
}

async function printAll(ctx: CommandContext, id: string): Promise<void> {
  const all: Chunk[] = [];
  for (let after = 0; ;) {
    const page = await ctx.client().session.log.query({ id, afterSeq: after, limit: 5_000 });
    if (page.length === 0) break;
    all.push(...page);
    after = page.at(-1)!.seq;
  }
  if (ctx.output.json) ctx.io.out(JSON.stringify(all, null, 2));
  else printer(ctx)(all);
}

/** Replays then follows the log until the session ends and every chunk has been printed. */
async function follow(ctx: CommandContext, id: string): Promise<void> {
  const session = await ctx.client().session.byId.query({ id });
  const print = printer(ctx);
  const spinner =
    ctx.io.isTTY && !ctx.output.json
      ? yoctoSpinner({ text: `waiting for output of ${shortId(session.id)}…`, stream: process.stderr })
      : null;
  let cursor = 0;
  let idleTimer: NodeJS.Timeout | undefined;
  const idle = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => spinner?.start(), 1_000);
  };
  const live = createLiveClient({ url: ctx.url, token: ctx.token, actor: "cli" });
  const subscription = live.client.session.onLog.subscribe(
    { id: session.id, afterSeq: 0 },
    {
      onData: ({ data }) => {
        spinner?.stop();
        const fresh = data.filter((chunk) => chunk.seq > cursor);
        if (fresh.length) cursor = fresh.at(-1)!.seq;
        print(fresh);
        idle();
      },
      onError: (error) => ctx.io.err(`log stream error: ${error.message}`),
    },
  );
  idle();
  try {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const current = await ctx.client().session.byId.query({ id: session.id });
      if (!isSessionEnded(current.status)) continue;
      const rest = await ctx.client().session.log.query({ id: session.id, afterSeq: cursor, limit: 1 });
      if (rest.length > 0) continue;
      spinner?.stop();
      if (!ctx.output.json) {
        ctx.io.err(
          ctx.output.colors.dim(
            `session ${shortId(current.id)} ${current.status}${current.exitCode === null ? "" : ` (exit ${current.exitCode})`}`,
          ),
        );
      }
      return;
    }
  } finally {
    clearTimeout(idleTimer);
    spinner?.stop();
    subscription.unsubscribe();
    live.close();
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
