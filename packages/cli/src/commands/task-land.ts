import { LineCommentInput } from "@maestro/domain";
import { type CommandContext, type CommandSpec, listOption, stringOption } from "../command";
import { CliError, UsageError } from "../errors";
import type { Task } from "../format";
import { landStateLabel, shortCommit } from "../format-landing";
import { type Session, shortId } from "../format-session";
import { withSpinner } from "../spinner";
import { TASK_ARG } from "./common-specs";

function fieldError(flag: string, value: unknown, message: string | undefined): UsageError {
  return new UsageError(`${flag} ${JSON.stringify(value)}: ${message ?? "is not valid"}`);
}

/** `--file a --line 3 --file b --line 9`: the i-th --file goes with the i-th --line, each carrying the --comment text. */
function lineComments(options: Record<string, unknown>) {
  const files = listOption(options, "file") ?? [];
  const lines = Array.isArray(options.line) ? options.line.map(Number) : [];
  if (files.length !== lines.length) {
    throw new UsageError(`--file and --line go in pairs: got ${files.length} --file and ${lines.length} --line`);
  }
  if (files.length === 0) return [];
  const text = stringOption(options, "comment");
  if (!text?.trim()) throw new UsageError("--file/--line need --comment: the text to leave on those lines");
  return files.map((file, i) => {
    const line = lines[i]!;
    const parsedFile = LineCommentInput.shape.file.safeParse(file);
    if (!parsedFile.success) throw fieldError("--file", file, parsedFile.error.issues[0]?.message);
    const parsedLine = LineCommentInput.shape.line.safeParse(line);
    if (!parsedLine.success) throw fieldError("--line", line, parsedLine.error.issues[0]?.message);
    return { file: parsedFile.data, line: parsedLine.data, text };
  });
}

function verdictOf(options: Record<string, unknown>): "approve" | "request_changes" {
  const isApprove = options.approve === true;
  if (isApprove === (options.requestChanges === true)) {
    throw new UsageError("say --approve or --request-changes (exactly one)");
  }
  return isApprove ? "approve" : "request_changes";
}

function followHint(ctx: CommandContext, session: Session): string {
  return ctx.output.colors.dim(`  follow it: maestro session logs ${shortId(session.id)} --follow`);
}

export const taskReview: CommandSpec = {
  path: ["task", "review"],
  summary: "approve a task's diff (it lands) or request changes (a follow-up session works on them)",
  args: [TASK_ARG],
  options: [
    { flags: "--approve", description: "approve: under the manual land policy it lands next" },
    { flags: "--request-changes", description: "request changes: a follow-up session on the same branch gets them" },
    {
      flags: "--comment <text>",
      description: "what to change (needed to request changes); with --file/--line, the text on those lines",
    },
    {
      flags: "--file <path>",
      description: "comment on this file, at the --line given with it (repeatable)",
      repeatable: true,
    },
    {
      flags: "--line <n>",
      description: "the line of the new version of the --file before it (repeatable)",
      repeatable: true,
      integer: true,
    },
  ],
  examples: [
    "maestro task review WEB-3 --approve",
    'maestro task review WEB-3 --request-changes --comment "Handle the empty list"',
    'maestro task review WEB-3 --request-changes --comment "Use the shared helper" --file src/a.ts --line 12 --file src/b.ts --line 40',
  ],
  async run(ctx, [ref], options) {
    const verdict = verdictOf(options);
    const comments = lineComments(options);
    const outcome = await ctx.client().task.review.mutate({
      id: ref!,
      verdict,
      comment: comments.length ? "" : (stringOption(options, "comment") ?? ""),
      comments,
    });
    const { task, session } = outcome;
    const key = ctx.output.colors.bold(task.key);
    ctx.output.result(outcome, () => {
      if (verdict === "approve") {
        return ctx.output.success(`Approved ${key}; land: ${landStateLabel(ctx.output, task.landing.landState)}`);
      }
      const started = session ? `; session ${shortId(session.id)} (${session.agent}) works on them` : "";
      return [
        ctx.output.success(`Requested changes on ${key}${started}`),
        ...(session ? [followHint(ctx, session)] : []),
      ].join("\n");
    });
  },
};

/**
 * What `task land` says of the task it got back. The server refuses, with the reason, whatever
 * did not land (waiting, conflict, an unmerged PR); a PR it has just opened is the one other answer.
 */
function landedText(ctx: CommandContext, task: Task): string {
  const { landing } = task;
  const key = ctx.output.colors.bold(task.key);
  switch (landing.landState) {
    case "landed":
      return ctx.output.success(`Landed ${key} as ${shortCommit(landing.landedCommit)}`);
    case "pr_open":
      return ctx.output.success(`Pushed ${key}: ${landing.prUrl ?? landing.note ?? "pull request open"}`);
    default:
      throw new CliError(`${task.key} did not land (${landing.landState}${landing.note ? `: ${landing.note}` : ""})`);
  }
}

export const taskLand: CommandSpec = {
  path: ["task", "land"],
  summary: "land the task's branch on the target branch now (PR mode: push and open the PR), or say why not (exit 1)",
  args: [TASK_ARG],
  examples: ["maestro task land WEB-3"],
  async run(ctx, [ref]) {
    const task = await withSpinner(ctx, `landing ${ref}…`, () => ctx.client().task.land.mutate({ id: ref! }));
    const text = landedText(ctx, task);
    ctx.output.result(task, () => text);
  },
};

export const taskResolve: CommandSpec = {
  path: ["task", "resolve"],
  summary: "start a session that merges the target branch into the task's branch and resolves the conflicts",
  args: [TASK_ARG],
  options: [{ flags: "--agent <profile>", description: "the agent that resolves them (default: the task's last one)" }],
  examples: ["maestro task resolve WEB-3", "maestro task resolve WEB-3 --agent claude-code"],
  async run(ctx, [ref], options) {
    const session = await ctx.client().task.resolve.mutate({ id: ref!, agent: stringOption(options, "agent") });
    ctx.output.result(session, () =>
      [
        ctx.output.success(
          `Started session ${ctx.output.colors.bold(shortId(session.id))} (${session.agent}) to resolve ${ref}`,
        ),
        followHint(ctx, session),
      ].join("\n"),
    );
  },
};
