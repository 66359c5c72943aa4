import { REPORT_KINDS } from "@maestro/domain";
import { type CommandContext, type CommandSpec, stringOption } from "../command";
import { UsageError } from "../errors";

/** The session a report is about: --session, else the one this agent runs in. */
export function sessionOf(ctx: CommandContext, options: Record<string, unknown>): string {
  const session = stringOption(options, "session") ?? ctx.env.MAESTRO_SESSION_ID;
  if (!session) {
    throw new UsageError("--session <id> is required outside an agent session (MAESTRO_SESSION_ID is not set)");
  }
  return session;
}

const SUMMARIES: Record<(typeof REPORT_KINDS)[number], string> = {
  progress: "report what you did and what is next",
  done: "report the task done (it moves to done)",
  blocked: "report the task blocked, and why",
  failed: "report the task failed, and why",
  needs_input: "ask a human a question (the session shows as needs input)",
};

/** `maestro report <kind> "<text>"`: one command per report kind, for agents inside a session. */
export const reportCommands: CommandSpec[] = REPORT_KINDS.map((kind) => ({
  path: ["report", kind.replace("_", "-")],
  summary: SUMMARIES[kind],
  args: [
    {
      name: "text",
      description: kind === "needs_input" ? "the question" : "what to say",
      optional: kind === "done" || kind === "progress",
    },
  ],
  options: [
    { flags: "--session <id>", description: "session id (default $MAESTRO_SESSION_ID)" },
    { flags: "--task <t>", description: "the task it is about (default: the session's current task)" },
  ],
  async run(ctx, [text], options) {
    if ((kind === "blocked" || kind === "failed" || kind === "needs_input") && !text) {
      throw new UsageError(`maestro report ${kind.replace("_", "-")} needs a text saying why`);
    }
    const session = await ctx.client().session.report.mutate({
      sessionId: sessionOf(ctx, options),
      kind,
      text: text ?? "",
      taskId: stringOption(options, "task"),
    });
    ctx.output.result(session, () => ctx.output.success(`Reported ${kind.replace("_", " ")}`));
  },
}));

export const queueNext: CommandSpec = {
  path: ["queue", "next"],
  summary: "inside a queue session: the task to work on now",
  options: [{ flags: "--session <id>", description: "session id (default $MAESTRO_SESSION_ID)" }],
  async run(ctx, _args, options) {
    const client = ctx.client();
    const session = await client.session.byId.query({ id: sessionOf(ctx, options) });
    const taskId = session.taskIds[session.queueIndex];
    const task = taskId ? await client.task.byId.query({ id: taskId }) : null;
    const position = { index: session.queueIndex + 1, total: session.taskIds.length };
    ctx.output.result({ task, ...position }, () =>
      task ? `${task.key}  ${task.title}  (${position.index} of ${position.total})` : "The queue is done.",
    );
  },
};
