import { SessionRole } from "@maestro/domain";
import { type CommandContext, type CommandSpec, schemaOption, stringOption } from "../command";
import { renderSessionDetail, shortId } from "../format-session";

/** Like the dashboard's Run dialog: a project in worktree mode runs its tasks in worktrees unless told otherwise. */
async function isWorktreeProject(ctx: CommandContext, taskRef: string): Promise<boolean> {
  // An agent may not read project settings; its sessions keep the project directory unless it asks.
  if (ctx.env.MAESTRO_SESSION_ID) return false;
  const task = await ctx.client().task.byId.query({ id: taskRef });
  const project = await ctx.client().project.byId.query({ id: task.projectId });
  return project.settings.worktreeMode === "per_task";
}

export const taskRun: CommandSpec = {
  path: ["task", "run"],
  summary: "start an agent session on a task (several with --queue); prints the session",
  args: [{ name: "tasks...", description: "task ids or keys" }],
  options: [
    {
      flags: "--agent <profile>",
      description: "agent profile (default: the task's, the project's, or shell for a task with a command)",
    },
    {
      flags: "--worktree",
      description: "work in a git worktree on branch maestro/<task>-<attempt> (default: the project's worktree mode)",
    },
    { flags: "--no-worktree", description: "work in the project directory, whatever the project's worktree mode" },
    { flags: "--queue", description: "one session works the tasks in order (maestro queue next names the next one)" },
    { flags: "--role <role>", description: "the session's role (default worker)", schema: SessionRole },
  ],
  examples: ["maestro task run WEB-3 --agent claude-code", "maestro task run WEB-4 WEB-5 --queue --agent codex --json"],
  async run(ctx, taskIds, options) {
    const session = await ctx.client().session.start.mutate({
      taskIds,
      agent: stringOption(options, "agent"),
      worktree: typeof options.worktree === "boolean" ? options.worktree : await isWorktreeProject(ctx, taskIds[0]!),
      queue: options.queue === true,
      role: schemaOption(options, "role", SessionRole) ?? "worker",
    });
    const started = `session ${ctx.output.colors.bold(shortId(session.id))} (${session.agent}, attempt ${session.attempt})`;
    ctx.output.result(session, () =>
      [
        // A profile whose account is paused by a usage limit: the session waits for the reset.
        session.status === "waiting"
          ? ctx.output.colors.yellow(`Queued ${started}, waiting: ${session.error ?? "its account is paused"}`)
          : ctx.output.success(`Started ${started}`),
        renderSessionDetail(ctx.output, session, () => taskIds.join(", "))
          .split("\n")
          .slice(1, 3)
          .join("\n"),
        ctx.output.colors.dim(`  follow it: maestro session logs ${shortId(session.id)} --follow`),
      ].join("\n"),
    );
  },
};
