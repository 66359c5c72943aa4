import {
  CreateTaskInput,
  EntityRef,
  ListTasksInput,
  PageLimit,
  type Task,
  TaskStatus,
  UpdateTaskInput,
} from "@maestro/domain";
import { z } from "zod";
import { type McpTool, type ToolContext, defineTool, projectOf, taskOf } from "./tool-kit";

const TASK_REF = EntityRef.describe("task id or key (e.g. WEB-3)");
const PROJECT_REF = EntityRef.describe("project id or key (default: this session's project)");
const fields = UpdateTaskInput.shape;

/** What a list shows of each task: enough to pick one, not its whole record (every token counts). */
function summaryOf(task: Task) {
  const { id, key, title, status, priority, parentId, dependsOn } = task;
  return { id, key, title, status, priority, parentId, dependsOn };
}

export const getTaskTool = defineTool({
  name: "get_task",
  tier: "core",
  readOnly: true,
  description: "A task's details: status, description, acceptance criteria, dependencies.",
  input: { task: TASK_REF.describe("task id or key (default: the task this session works on)").optional() },
  run: async (ctx, args) => ctx.api.getTask({ id: await taskOf(ctx, args.task) }),
});

export const listTasksTool = defineTool({
  name: "list_tasks",
  tier: "core",
  readOnly: true,
  description:
    "A project's tasks in board order (id, key, title, status, priority, parent, dependencies), a page at a time: " +
    "{ tasks, nextCursor }; pass nextCursor back as `cursor` for the next page (null: no more).",
  input: {
    project: PROJECT_REF.optional(),
    status: z
      .union([TaskStatus, z.array(TaskStatus)])
      .describe("only tasks with this status (or one of these)")
      .optional(),
    ready: z.boolean().describe("only ready tasks: todo with every dependency done").optional(),
    parent: TASK_REF.describe("only subtasks of this task").optional(),
    limit: PageLimit.describe("tasks per page (default 100, at most 500)"),
    cursor: ListTasksInput.shape.cursor.describe("nextCursor of the previous page"),
  },
  run: async (ctx, args) => {
    const page = await ctx.api.listTasks({
      projectId: projectOf(ctx, args.project),
      status: args.status,
      ready: args.ready,
      parentId: args.parent,
      limit: args.limit,
      cursor: args.cursor,
    });
    return { tasks: page.items.map(summaryOf), nextCursor: page.nextCursor };
  },
});

/** Inside a session a subtask lands in its parent's project, as with `maestro task create --parent`. */
async function projectForNewTask(ctx: ToolContext, args: { project?: string; parent?: string }): Promise<string> {
  if (args.project || ctx.self || !args.parent) return projectOf(ctx, args.project);
  return (await ctx.api.getTask({ id: args.parent })).projectId;
}

export const createTaskTool = defineTool({
  name: "create_task",
  tier: "core",
  readOnly: false,
  description: "Create a task. An agent may only create subtasks of its own task: pass `parent`.",
  input: {
    title: CreateTaskInput.shape.title.describe("what needs doing"),
    parent: TASK_REF.describe("make it a subtask of this task").optional(),
    project: PROJECT_REF.optional(),
    description: fields.description.describe("details"),
    priority: fields.priority,
    acceptance: fields.acceptanceCriteria.describe("acceptance criteria, one per item"),
    depends_on: fields.dependsOn.describe("tasks (ids or keys) it waits for"),
  },
  run: async (ctx, args) =>
    ctx.api.createTask({
      projectId: await projectForNewTask(ctx, args),
      title: args.title,
      parentId: args.parent ?? null,
      description: args.description,
      priority: args.priority,
      acceptanceCriteria: args.acceptance,
      dependsOn: args.depends_on,
    }),
});

export const updateTaskTool = defineTool({
  name: "update_task",
  tier: "all",
  readOnly: false,
  description: "Change a task's status, title, description, priority or acceptance criteria.",
  input: {
    task: TASK_REF,
    status: fields.status,
    title: fields.title,
    description: fields.description,
    priority: fields.priority,
    acceptance: fields.acceptanceCriteria.describe("replaces the acceptance criteria"),
  },
  run: async (ctx, args) =>
    ctx.api.updateTask({
      id: args.task,
      status: args.status,
      title: args.title,
      description: args.description,
      priority: args.priority,
      acceptanceCriteria: args.acceptance,
    }),
});

export const TASK_TOOLS: McpTool[] = [getTaskTool, listTasksTool, createTaskTool, updateTaskTool];
