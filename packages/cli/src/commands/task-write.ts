import { StallSec, TaskPriority, TaskStatus } from "@maestro/domain";
import { type CommandSpec, integerOption, listOption, schemaOption, stringOption } from "../command";
import { budgetOptionSpecs, budgetOptions } from "./budget-options";
import { projectOf } from "./task-read";
import { PROJECT_FLAG, TASK_ARG } from "./common-specs";

/** `none` clears a nullable reference (`--parent none`). */
function nullable(value: string | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  return value.toLowerCase() === "none" ? null : value;
}

const STALL_SEC_FLAG = {
  flags: "--stall-sec <seconds>",
  description:
    "stop a session on it whose agent prints nothing this long; flagged stalled at half (default: the project's)",
  integer: true,
  schema: StallSec,
};

export const taskCreate: CommandSpec = {
  path: ["task", "create"],
  summary: "create a task",
  args: [{ name: "title", description: "what needs doing" }],
  options: [
    PROJECT_FLAG,
    { flags: "--description <text>", description: "details" },
    { flags: "--parent <t>", description: "make it a subtask of this task" },
    { flags: "--depends-on <t>", description: "a task it waits for (repeatable)", repeatable: true },
    { flags: "--priority <level>", description: "how urgent (default medium)", schema: TaskPriority },
    { flags: "--status <status>", description: "initial status (default todo)", schema: TaskStatus },
    { flags: "--agent <profile>", description: "agent profile to run it with" },
    { flags: "--command <cmd>", description: "command for the shell adapter" },
    { flags: "--acceptance <text>", description: "an acceptance criterion (repeatable)", repeatable: true },
    {
      flags: "--touches <glob>",
      description: "a path glob it is expected to change (repeatable); autopilot never runs overlapping tasks together",
      repeatable: true,
    },
    {
      flags: "--max-attempts <n>",
      description: "attempts autopilot gives it before failing it (default: the project's)",
      integer: true,
    },
    {
      flags: "--timeout <seconds>",
      description: "stop a session on it after this long (ends timed_out)",
      integer: true,
    },
    STALL_SEC_FLAG,
    ...budgetOptionSpecs("task"),
  ],
  examples: ['maestro task create "Add login page" --project WEB --priority high --acceptance "Shows errors inline"'],
  async run(ctx, [title], options) {
    const client = ctx.client();
    const parent = stringOption(options, "parent");
    // Inside a session, a subtask lands in the parent's project without repeating --project.
    const projectId =
      stringOption(options, "project") ??
      ctx.env.MAESTRO_PROJECT_ID ??
      (parent ? (await client.task.byId.query({ id: parent })).projectId : projectOf(ctx, options));
    const task = await client.task.create.mutate({
      projectId,
      title: title!,
      description: stringOption(options, "description") ?? "",
      parentId: parent ?? null,
      dependsOn: listOption(options, "dependsOn") ?? [],
      priority: schemaOption(options, "priority", TaskPriority) ?? "medium",
      status: schemaOption(options, "status", TaskStatus) ?? "todo",
      agent: stringOption(options, "agent") ?? null,
      command: stringOption(options, "command") ?? null,
      acceptanceCriteria: listOption(options, "acceptance") ?? [],
      touches: listOption(options, "touches") ?? [],
      maxAttempts: integerOption(options, "maxAttempts") ?? null,
      timeoutSec: integerOption(options, "timeout") ?? null,
      stallSec: integerOption(options, "stallSec") ?? null,
      budgetUsd: budgetOptions(options).budgetUsd ?? null,
      budgetTokens: budgetOptions(options).budgetTokens ?? null,
    });
    ctx.output.result(task, () => ctx.output.success(`Created ${ctx.output.colors.bold(task.key)}  ${task.title}`));
  },
};

export const taskUpdate: CommandSpec = {
  path: ["task", "update"],
  summary: "change a task's fields",
  args: [TASK_ARG],
  options: [
    { flags: "--status <status>", description: "new status", schema: TaskStatus },
    { flags: "--title <title>", description: "new title" },
    { flags: "--description <text>", description: "new description" },
    { flags: "--priority <level>", description: "new priority", schema: TaskPriority },
    { flags: "--parent <t>", description: "new parent task, or none" },
    { flags: "--agent <profile>", description: "agent profile, or none" },
    { flags: "--command <cmd>", description: "shell command, or none" },
    { flags: "--acceptance <text>", description: "replaces the acceptance criteria (repeatable)", repeatable: true },
    { flags: "--touches <glob>", description: "replaces the expected path globs (repeatable)", repeatable: true },
    { flags: "--max-attempts <n>", description: "attempts autopilot gives it before failing it", integer: true },
    { flags: "--timeout <seconds>", description: "stop a session on it after this long", integer: true },
    STALL_SEC_FLAG,
    ...budgetOptionSpecs("task"),
    {
      flags: "--if-version <n>",
      description: "only if the task is still at this version (optimistic concurrency)",
      integer: true,
    },
  ],
  examples: [
    "maestro task update WEB-3 --status done",
    "maestro task update WEB-3 --title 'Sharper title' --if-version 4",
    "maestro task update WEB-3 --budget-usd 5 --budget-tokens none",
  ],
  async run(ctx, [ref], options) {
    const task = await ctx.client().task.update.mutate({
      id: ref!,
      version: integerOption(options, "ifVersion"),
      status: schemaOption(options, "status", TaskStatus),
      title: stringOption(options, "title"),
      description: stringOption(options, "description"),
      priority: schemaOption(options, "priority", TaskPriority),
      parentId: nullable(stringOption(options, "parent")),
      agent: nullable(stringOption(options, "agent")),
      command: nullable(stringOption(options, "command")),
      acceptanceCriteria: listOption(options, "acceptance"),
      touches: listOption(options, "touches"),
      maxAttempts: integerOption(options, "maxAttempts"),
      timeoutSec: integerOption(options, "timeout"),
      stallSec: integerOption(options, "stallSec"),
      ...budgetOptions(options),
    });
    ctx.output.result(task, () =>
      ctx.output.success(
        `Updated ${ctx.output.colors.bold(task.key)}  ${task.title}  [${task.status}]  v${task.version}`,
      ),
    );
  },
};

export const taskDelete: CommandSpec = {
  path: ["task", "delete"],
  summary: "delete a task",
  args: [TASK_ARG],
  options: [{ flags: "--cascade", description: "also delete its subtasks" }],
  async run(ctx, [ref], options) {
    const task = await ctx.client().task.delete.mutate({ id: ref!, cascade: options.cascade === true });
    ctx.output.result(task, () => ctx.output.success(`Deleted ${task.key}  ${task.title}`));
  },
};

export const taskDepend: CommandSpec = {
  path: ["task", "depend"],
  summary: "make a task wait for another",
  args: [{ name: "task", description: "the task that waits" }],
  options: [{ flags: "--on <t>", description: "the task it waits for", required: true }],
  examples: ["maestro task depend WEB-3 --on WEB-1"],
  async run(ctx, [ref], options) {
    const on = stringOption(options, "on")!;
    const task = await ctx.client().task.depend.mutate({ id: ref!, on });
    ctx.output.result(task, () => ctx.output.success(`${task.key} now depends on ${on.toUpperCase()}`));
  },
};

export const taskUndepend: CommandSpec = {
  path: ["task", "undepend"],
  summary: "remove a dependency",
  args: [{ name: "task", description: "the task that waits" }],
  options: [{ flags: "--on <t>", description: "the task it no longer waits for", required: true }],
  async run(ctx, [ref], options) {
    const on = stringOption(options, "on")!;
    const task = await ctx.client().task.undepend.mutate({ id: ref!, on });
    ctx.output.result(task, () => ctx.output.success(`${task.key} no longer depends on ${on.toUpperCase()}`));
  },
};

export const taskMove: CommandSpec = {
  path: ["task", "move"],
  summary: "reparent a task and/or reorder it",
  args: [TASK_ARG],
  options: [
    { flags: "--parent <t>", description: "new parent task, or none for top level" },
    { flags: "--before <t>", description: "place it just before this task" },
  ],
  async run(ctx, [ref], options) {
    const task = await ctx.client().task.move.mutate({
      id: ref!,
      parentId: nullable(stringOption(options, "parent")),
      beforeId: stringOption(options, "before"),
    });
    ctx.output.result(task, () => ctx.output.success(`Moved ${task.key}`));
  },
};
