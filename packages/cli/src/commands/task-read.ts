import { TaskStatus, isInFlight } from "@maestro/domain";
import { type CommandContext, type CommandSpec, schemaListOption, stringOption } from "../command";
import { UsageError } from "../errors";
import { renderTaskDetail, renderTaskTable } from "../format";
import { hasLanding, renderLandingSection } from "../format-landing";
import { LIMIT_FLAG, collectPages, limitOption, oldestFirst, printJsonPages } from "../pages";
import { listAllTasks, taskKeysFor, taskPages } from "../task-pages";
import { PROJECT_FLAG, TASK_ARG } from "./common-specs";

/** `--project`, else the session's project inside an agent session. */
export function projectOf(ctx: CommandContext, options: Record<string, unknown>): string {
  const project = stringOption(options, "project") ?? ctx.env.MAESTRO_PROJECT_ID;
  if (!project) throw new UsageError("--project <p> is required (or set MAESTRO_PROJECT_ID)");
  return project;
}

export const taskList: CommandSpec = {
  path: ["task", "list"],
  summary: "list a project's tasks",
  options: [
    PROJECT_FLAG,
    {
      flags: "--status <status>",
      description: "only tasks with this status (repeatable, or comma-separated)",
      repeatable: true,
      commaSeparated: true,
      schema: TaskStatus,
    },
    { flags: "--ready", description: "only ready tasks: todo with every dependency done" },
    { flags: "--parent <t>", description: "only subtasks of this task" },
    LIMIT_FLAG,
  ],
  examples: [
    "maestro task list --project WEB --ready",
    "maestro task list --project WEB --status todo,in_progress --json",
  ],
  async run(ctx, _args, options) {
    const projectId = projectOf(ctx, options);
    const filter = {
      projectId,
      status: schemaListOption(options, "status", TaskStatus),
      ready: options.ready === true ? true : undefined,
      parentId: stringOption(options, "parent"),
    };
    // Every page, in the board's order; --json is still one array (printed page by page as it
    // comes, so 100,000 tasks are never held at once), so scripts read it as before.
    if (ctx.output.json) return printJsonPages(ctx.io, taskPages(ctx, filter, limitOption(options)));
    const tasks = await listAllTasks(ctx, filter, limitOption(options));
    const keyOf = await taskKeysFor(ctx, projectId, tasks);
    const empty = options.ready
      ? "No ready tasks."
      : "No tasks. Create one with: maestro task create <title> --project <p>";
    ctx.output.result(tasks, () => renderTaskTable(ctx.output, tasks, keyOf, empty));
  },
};

export const taskShow: CommandSpec = {
  path: ["task", "show"],
  summary: "show a task, with its branch, checks, review and landing in worktree mode",
  args: [TASK_ARG],
  async run(ctx, [ref]) {
    const client = ctx.client();
    const task = await client.task.byId.query({ id: ref! });
    if (ctx.output.json) return ctx.output.result(task, () => "");
    const isLanding = hasLanding(task.landing);
    const [keyOf, spend, reviews, checks, overlaps] = await Promise.all([
      taskKeysFor(ctx, task.projectId, [task]),
      client.task.spend.query({ id: task.id }),
      // Pages come newest first; the landing section reads oldest first.
      isLanding ? collectPages((page) => client.task.reviews.query({ id: task.id, ...page })).then(oldestFirst) : [],
      isLanding ? collectPages((page) => client.task.checks.query({ id: task.id, ...page })).then(oldestFirst) : [],
      isInFlight(task)
        ? client.task.overlaps.query({ id: task.projectId, taskId: task.id }).then((page) => page.items)
        : [],
    ]);
    const history = { reviews, checks, overlaps: overlaps[0]?.overlaps ?? [] };
    const landing = isLanding ? `\n${renderLandingSection(ctx.output, task.landing, history)}` : "";
    ctx.output.result(task, () => renderTaskDetail(ctx.output, task, keyOf, spend) + landing);
  },
};
