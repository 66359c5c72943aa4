import { EndReason, SessionStatus, isSessionEnded } from "@maestro/domain";
import { type CommandContext, type CommandSpec, integerOption, schemaListOption, stringOption } from "../command";
import { type Session, renderSessionDetail, renderSessionTable, shortId } from "../format-session";
import { LimitValue, type PageQuery, collectPages, eachPage, printJsonPages } from "../pages";
import { taskKeysOf } from "../task-pages";
import { SESSION_ARG } from "./common-specs";

/** Maps task ids to keys for display (an id no task has any more shows as its first 8 characters). */
async function taskKeys(ctx: CommandContext, sessions: readonly Session[]): Promise<(id: string) => string> {
  const ids = sessions.flatMap((session) => session.taskIds);
  const keyOf = await taskKeysOf(ctx, ids, [...new Set(sessions.map((session) => session.projectId))]);
  return (id) => {
    const key = keyOf(id);
    return key === id ? id.slice(0, 8) : key;
  };
}

export const sessionList: CommandSpec = {
  path: ["session", "list"],
  summary: "list sessions, newest first",
  options: [
    { flags: "--project <p>", description: "only this project's sessions" },
    { flags: "--task <t>", description: "only sessions of this task" },
    {
      flags: "--status <status>",
      description: "only sessions with this status (repeatable, or comma-separated)",
      repeatable: true,
      commaSeparated: true,
      schema: SessionStatus,
    },
    {
      flags: "--end-reason <reason>",
      description: "only sessions that ended for this reason (repeatable, or comma-separated)",
      repeatable: true,
      commaSeparated: true,
      schema: EndReason,
    },
    {
      flags: "--limit <n>",
      description: "at most this many, the newest (default: all of them)",
      integer: true,
      schema: LimitValue,
    },
  ],
  async run(ctx, _args, options) {
    const filter = {
      projectId: stringOption(options, "project"),
      taskId: stringOption(options, "task"),
      status: schemaListOption(options, "status", SessionStatus),
      endReason: schemaListOption(options, "endReason", EndReason),
    };
    const limit = integerOption(options, "limit");
    const fetchPage = (page: PageQuery) => ctx.client().session.list.query({ ...filter, ...page });
    if (ctx.output.json) return printJsonPages(ctx.io, eachPage(fetchPage, limit));
    const sessions = await collectPages(fetchPage, limit);
    const keyOf = await taskKeys(ctx, sessions);
    ctx.output.result(sessions, () => renderSessionTable(ctx.output, sessions, keyOf));
  },
};

export const sessionShow: CommandSpec = {
  path: ["session", "show"],
  summary: "show a session",
  args: [SESSION_ARG],
  options: [{ flags: "--prompt", description: "also print the prompt it was given" }],
  async run(ctx, [id], options) {
    const session = await ctx.client().session.byId.query({ id: id! });
    if (ctx.output.json) return ctx.output.result(session, () => "");
    const keyOf = await taskKeys(ctx, [session]);
    const prompt = options.prompt === true ? `\n\n${ctx.output.colors.bold("Prompt")}\n${session.prompt}` : "";
    ctx.output.result(session, () => renderSessionDetail(ctx.output, session, keyOf) + prompt);
  },
};

export const sessionStop: CommandSpec = {
  path: ["session", "stop"],
  summary: "stop a session: its agent and everything it started (SIGTERM, grace, SIGKILL)",
  args: [SESSION_ARG],
  async run(ctx, [id]) {
    const client = ctx.client();
    let session = await client.session.stop.mutate({ id: id! });
    // The runner stops the process group and settles the session; wait for that (bounded).
    const deadline = Date.now() + 15_000;
    while (!isSessionEnded(session.status) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      session = await client.session.byId.query({ id: session.id });
    }
    ctx.output.result(session, () => ctx.output.success(`Session ${shortId(session.id)} is ${session.status}`));
  },
};

export const sessionResume: CommandSpec = {
  path: ["session", "resume"],
  summary: "start a new attempt of an interrupted, failed or cancelled session",
  args: [SESSION_ARG],
  async run(ctx, [id]) {
    const session = await ctx.client().session.resume.mutate({ id: id! });
    ctx.output.result(session, () =>
      ctx.output.success(`Started session ${shortId(session.id)} (attempt ${session.attempt})`),
    );
  },
};

export const sessionManifest: CommandSpec = {
  path: ["session", "manifest"],
  summary:
    "what a session was launched with: agent, argv, cwd, environment names (never values), tasks, skills, prompt",
  args: [SESSION_ARG],
  async run(ctx, [id]) {
    const manifest = await ctx.client().session.manifest.query({ id: id! });
    ctx.output.result(manifest, () =>
      [
        ctx.output.details([
          ["session", manifest.sessionId],
          ["agent", `${manifest.agent}${manifest.adapter ? ` (${manifest.adapter})` : ""}`],
          ["argv", manifest.argv ? JSON.stringify(manifest.argv) : "— (not started yet)"],
          ["cwd", manifest.cwd ?? "—"],
          ["env", manifest.envNames.join(", ") || "—"],
          ["tasks", manifest.tasks.join(", ")],
          ["skills", manifest.skills.join(", ") || "—"],
        ]),
        "",
        ctx.output.colors.bold("Prompt"),
        manifest.prompt,
      ].join("\n"),
    );
  },
};
