import { EntityRef, Id, type LogChunk, ReportInput, SessionStatus, TimeCursor } from "@maestro/domain";
import { z } from "zod";
import { type McpTool, defineTool, required, sessionOf } from "./tool-kit";

const SESSION_REF = Id.describe("session id (default: this session)");
/** Kinds that end or hold the work must say why, as with `maestro report`. */
const KINDS_NEEDING_TEXT: ReadonlySet<string> = new Set(["blocked", "failed", "needs_input"]);

export const reportTool = defineTool({
  name: "report",
  tier: "core",
  readOnly: false,
  description:
    "Report on your session, like `maestro report`: progress, done (the task is done), blocked, failed " +
    "(say why), or needs_input (ask a person; the session waits).",
  input: {
    kind: ReportInput.shape.kind,
    text: ReportInput.shape.text.describe("what happened, why, or the question").optional(),
    task: EntityRef.describe("the task it is about (default: the session's current task)").optional(),
    session: SESSION_REF.optional(),
  },
  run: async (ctx, args) => {
    if (KINDS_NEEDING_TEXT.has(args.kind) && !args.text?.trim()) throw required("text", `for kind ${args.kind}`);
    const session = await ctx.api.report({
      sessionId: sessionOf(ctx, args.session),
      kind: args.kind,
      text: args.text ?? "",
      taskId: args.task,
    });
    const { id, status, lastReport, taskIds, queueIndex } = session;
    return { id, status, lastReport, taskIds, queueIndex };
  },
});

export const listSessionsTool = defineTool({
  name: "list_sessions",
  tier: "all",
  readOnly: true,
  description:
    "Sessions of a project or a task, newest first, a page at a time: { sessions, nextCursor }; " +
    "pass nextCursor back as `cursor` for the next page (null: no more).",
  input: {
    project: EntityRef.describe("project id or key (default: this session's project)").optional(),
    task: EntityRef.describe("only sessions of this task").optional(),
    status: z
      .union([SessionStatus, z.array(SessionStatus)])
      .describe("only sessions with this status (or one of these)")
      .optional(),
    limit: z.number().int().min(1).max(100).default(20).describe("sessions per page (default 20, at most 100)"),
    cursor: TimeCursor.describe("nextCursor of the previous page"),
  },
  run: async (ctx, args) => {
    const page = await ctx.api.listSessions({
      projectId: args.project ?? ctx.self?.projectId,
      taskId: args.task,
      status: args.status,
      limit: args.limit,
      cursor: args.cursor,
    });
    const sessions = page.items.map(
      ({ id, agent, status, taskIds, lastReport, createdAt, endedAt, endReason, costUsd }) => ({
        id,
        agent,
        status,
        taskIds,
        lastReport,
        createdAt,
        endedAt,
        endReason,
        costUsd,
      }),
    );
    return { sessions, nextCursor: page.nextCursor };
  },
});

/** The tail is bounded twice: in chunks asked for and in characters returned. */
const MAX_TAIL_CHUNKS = 1_000;
const MAX_TAIL_CHARS = 32_000;

export const getSessionLogTool = defineTool({
  name: "get_session_log",
  tier: "all",
  readOnly: true,
  description: `The end of a session's output: its last \`tail\` chunks, at most ${MAX_TAIL_CHARS} characters.`,
  input: {
    session: Id.describe("session id"),
    tail: z.number().int().min(1).max(MAX_TAIL_CHUNKS).default(100).describe("how many output chunks"),
  },
  run: async (ctx, args) => {
    const chunks = await ctx.api.readLog({ id: args.session, tail: args.tail, maxChars: MAX_TAIL_CHARS });
    return { session: args.session, text: tailText(chunks) };
  },
});

/** The chunks' text, cut at the front to the character bound (the end is what matters). */
function tailText(chunks: readonly LogChunk[]): string {
  const text = chunks.map((chunk) => chunk.text).join("");
  return text.length > MAX_TAIL_CHARS ? `…${text.slice(-MAX_TAIL_CHARS)}` : text;
}

export const SESSION_TOOLS: McpTool[] = [reportTool, listSessionsTool, getSessionLogTool];
