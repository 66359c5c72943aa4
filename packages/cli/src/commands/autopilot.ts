import { AUTOPILOT_STATUS_TASKS_MAX, TASK_STATUSES, describeAdmissionMemory } from "@maestro/domain";
import type { RouterOutputs } from "@maestro/server";
import type { MaestroClient } from "../client";
import { type CommandSpec, integerOption } from "../command";
import type { Output } from "../output";
import { PROJECT_ARG, TASK_ARG } from "./common-specs";

type Status = RouterOutputs["autopilot"]["status"];

function clock(iso: string): string {
  return new Date(iso).toISOString().slice(11, 19);
}

function limitPairs(output: Output, status: Status): Array<[string, string]> {
  const { colors } = output;
  const state =
    status.state === "on"
      ? colors.green("on")
      : status.state === "paused"
        ? colors.yellow(status.pauseReason ? `paused (${status.pauseReason})` : "paused")
        : colors.dim("off");
  const agents = status.limits.agents.map(
    (agent) =>
      `${agent.agent} ${agent.busy}/${agent.limit ?? "∞"}${agent.pausedUntil ? colors.yellow(` paused until ${clock(agent.pausedUntil)} UTC`) : ""}`,
  );
  const pairs: Array<[string, string]> = [
    ["autopilot", state],
    [
      "project",
      `${status.limits.project.busy}/${status.limits.project.limit} busy${status.maxConcurrent !== null ? " (autopilot cap)" : ""}`,
    ],
    ["global", `${status.limits.global.busy}/${status.limits.global.limit} busy`],
    ["agents", agents.join(", ") || "—"],
    ["memory", describeAdmissionMemory(status.memory)],
  ];
  if (status.wakeAt) pairs.push(["next check", `${clock(status.wakeAt)} UTC`]);
  return pairs;
}

/** The status with the explanations of the first page of tasks not done (the server explains a page at a time). */
async function readStatus(client: MaestroClient, projectId: string): Promise<Status & { notDone: number }> {
  const status = [...TASK_STATUSES].filter((name) => name !== "done");
  const [page, counts] = await Promise.all([
    client.task.list.query({ projectId, status, limit: AUTOPILOT_STATUS_TASKS_MAX }),
    client.task.counts.query({ id: projectId }),
  ]);
  const taskIds = page.items.map((task) => task.id);
  const answer = await client.autopilot.status.query({ projectId, taskIds });
  return { ...answer, notDone: counts.total - counts.byStatus.done };
}

/** Tasks neither done nor queued (of the first page asked about), with why they wait. */
function reasonTable(output: Output, status: Status & { notDone: number }): string {
  const waiting = status.tasks.filter((task) => !status.queue.some((entry) => entry.taskId === task.taskId));
  const table = output.table(
    waiting,
    [
      { header: "TASK", value: (task) => task.key },
      { header: "WHY", value: (task) => task.text, max: 90 },
    ],
    // Tasks not done may all be in the queue above: only none at all is "every task done".
    status.notDone === 0 ? "Every task is done." : "No other task waits.",
  );
  const more = status.notDone - status.tasks.length;
  return more > 0 ? `${table}\n… and ${more} more not done (maestro task why <task>)` : table;
}

/** State and limits, the queue, then the tasks not done with their reasons. */
export function renderAutopilot(output: Output, status: Status & { notDone: number }): string {
  const queue = output.table(
    status.queue,
    [
      { header: "QUEUED", value: (entry) => entry.key },
      { header: "TITLE", value: (entry) => entry.title, max: 40 },
      { header: "HELD BACK BY", value: (entry) => entry.text, max: 70 },
    ],
    "Nothing queued.",
  );
  const queueMore = status.queueLength - status.queue.length;
  const queued = queueMore > 0 ? `${queue}\n… and ${queueMore} more queued` : queue;
  return [output.details(limitPairs(output, status)), "", queued, "", reasonTable(output, status)].join("\n");
}

export const autopilotStart: CommandSpec = {
  path: ["autopilot", "start"],
  summary: "let the project's task graph run itself: ready tasks start as sessions within the limits",
  args: [PROJECT_ARG],
  options: [
    {
      flags: "--max-concurrent <n>",
      description: "at most this many of the project's sessions at once (default: the project's limit)",
      integer: true,
    },
  ],
  examples: ["maestro autopilot start WEB --max-concurrent 4"],
  async run(ctx, [project], options) {
    await ctx.client().autopilot.start.mutate({
      projectId: project!,
      maxConcurrent: integerOption(options, "maxConcurrent"),
    });
    const status = await readStatus(ctx.client(), project!);
    ctx.output.result(
      status,
      () => `${ctx.output.success(`Autopilot on for ${project!}`)}\n\n${renderAutopilot(ctx.output, status)}`,
    );
  },
};

export const autopilotPause: CommandSpec = {
  path: ["autopilot", "pause"],
  summary: "start nothing new (running sessions run on)",
  args: [PROJECT_ARG],
  async run(ctx, [project]) {
    const status = await ctx.client().autopilot.pause.mutate({ projectId: project! });
    ctx.output.result(status, () =>
      ctx.output.success(`Autopilot paused for ${project!}; ${status.limits.project.busy} session(s) still running`),
    );
  },
};

export const autopilotStatus: CommandSpec = {
  path: ["autopilot", "status"],
  summary: "state, limits, the queue, and why each task not done is not running (the first 500)",
  args: [PROJECT_ARG],
  async run(ctx, [project]) {
    const status = await readStatus(ctx.client(), project!);
    ctx.output.result(status, () => renderAutopilot(ctx.output, status));
  },
};

export const taskWhy: CommandSpec = {
  path: ["task", "why"],
  summary: "why a task is not running (or that it is)",
  args: [TASK_ARG],
  examples: ["maestro task why WEB-7"],
  async run(ctx, [ref]) {
    const why = await ctx.client().task.why.query({ id: ref! });
    ctx.output.result(why, () => {
      const line = `${ctx.output.colors.bold(why.key)}  ${why.text || "nothing holds it back"}`;
      const last = why.lastSession;
      return last?.text ? `${line}\nlast session ${last.sessionId.slice(0, 8)}: ${last.text}` : line;
    });
  },
};

export const taskRetry: CommandSpec = {
  path: ["task", "retry"],
  summary:
    "try a failed task again with a fresh attempt budget, or release one a stop holds (autopilot starts it, or it starts now)",
  args: [TASK_ARG],
  async run(ctx, [ref]) {
    const result = await ctx.client().task.retry.mutate({ id: ref! });
    ctx.output.result(result, () =>
      ctx.output.success(
        result.session
          ? `Retrying ${result.task.key}: session ${result.session.id.slice(0, 8)} (attempt ${result.session.attempt}) queued`
          : `${result.task.key} is back to todo; autopilot will start it`,
      ),
    );
  },
};
