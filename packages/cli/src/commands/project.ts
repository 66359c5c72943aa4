import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { DEFAULT_PROMPT_TEMPLATE, StallSec } from "@maestro/domain";
import { countTasksByStatus } from "../task-pages";
import { type CommandSpec, integerOption, stringOption } from "../command";
import { renderProjectDetail, renderProjectTable } from "../format";
import { LIMIT_FLAG, type PageQuery, collectPages, eachPage, limitOption, printJsonPages } from "../pages";
import { budgetOptionSpecs, budgetOptions } from "./budget-options";
import { PROJECT_ARG } from "./common-specs";
import { LANDING_SETTING_OPTIONS, landingSettings, namesAny } from "./project-settings";
import { WEBHOOK_OPTIONS, describeWebhook, webhookChange } from "./project-webhook";

export const projectCreate: CommandSpec = {
  path: ["project", "create"],
  summary: "register a project (a working directory, usually a git repository)",
  args: [{ name: "name", description: "project name" }],
  options: [
    {
      flags: "--dir <path>",
      description: "its root directory (relative paths are resolved from here)",
      required: true,
    },
    { flags: "--key <key>", description: "short uppercase code used in task keys, e.g. WEB (default: from the name)" },
    { flags: "--description <text>", description: "what the project is" },
    ...LANDING_SETTING_OPTIONS,
    ...budgetOptionSpecs("project"),
  ],
  examples: [
    "maestro project create Web --dir ~/code/web --key WEB",
    "maestro project create Api --dir ~/code/api --worktree per_task --land manual --check 'pnpm test'",
  ],
  async run(ctx, [name], options) {
    const dir = stringOption(options, "dir")!;
    const settings = { ...landingSettings(options), ...budgetOptions(options) };
    const project = await ctx.client().project.create.mutate({
      name: name!,
      rootDir: resolve(ctx.cwd, dir),
      key: stringOption(options, "key"),
      description: stringOption(options, "description") ?? "",
      ...(namesAny(settings) ? { settings } : {}),
    });
    ctx.output.result(project, () =>
      ctx.output.success(
        `Created project ${ctx.output.colors.bold(project.key)} (${project.name}) at ${project.rootDir}`,
      ),
    );
  },
};

export const projectList: CommandSpec = {
  path: ["project", "list"],
  summary: "list projects, oldest first",
  options: [LIMIT_FLAG],
  async run(ctx, _args, options) {
    const fetchPage = (page: PageQuery) => ctx.client().project.list.query(page);
    if (ctx.output.json) return printJsonPages(ctx.io, eachPage(fetchPage, limitOption(options)));
    const projects = await collectPages(fetchPage, limitOption(options));
    ctx.output.result(projects, () => renderProjectTable(ctx.output, projects));
  },
};

/** `none` clears a nullable setting (`--default-agent none`). */
const orNone = (value: string | undefined) =>
  value === undefined ? undefined : value.toLowerCase() === "none" ? null : value;

export const projectUpdate: CommandSpec = {
  path: ["project", "update"],
  summary: "change a project's name, description or settings (only what you name changes)",
  args: [PROJECT_ARG],
  options: [
    { flags: "--name <name>", description: "new name" },
    { flags: "--description <text>", description: "new description" },
    { flags: "--default-agent <profile>", description: "agent for tasks without one, or none" },
    { flags: "--concurrency <n>", description: "sessions of this project at once under autopilot", integer: true },
    { flags: "--max-attempts <n>", description: "attempts autopilot gives a task before failing it", integer: true },
    { flags: "--retry-base <seconds>", description: "first retry delay; it doubles each attempt", integer: true },
    { flags: "--retry-max <seconds>", description: "longest retry delay", integer: true },
    {
      flags: "--stall-sec <seconds>",
      description: "stop a session whose agent prints nothing this long; flagged stalled at half (default 900)",
      integer: true,
      schema: StallSec,
    },
    { flags: "--spec-approvals <n>", description: "approvals each spec phase needs by default", integer: true },
    ...LANDING_SETTING_OPTIONS,
    ...budgetOptionSpecs("project"),
    ...WEBHOOK_OPTIONS,
  ],
  examples: [
    "maestro project update WEB --webhook https://hooks.slack.com/services/… --webhook-secret-file ~/.maestro-hook --notify needs_input,failed",
    "maestro project update WEB --default-agent claude-code --concurrency 4 --max-attempts 3",
    "maestro project update WEB --worktree per_task --target-branch main --land auto --check 'pnpm test' --check 'pnpm lint'",
    "maestro project update WEB --no-checks --land-strategy squash",
    "maestro project update WEB --budget-usd 20 --budget-tokens none",
  ],
  async run(ctx, [ref], options) {
    const settings = {
      ...landingSettings(options),
      defaultAgent: orNone(stringOption(options, "defaultAgent")),
      concurrencyLimit: integerOption(options, "concurrency"),
      maxAttempts: integerOption(options, "maxAttempts"),
      retryBaseSec: integerOption(options, "retryBase"),
      retryMaxSec: integerOption(options, "retryMax"),
      stallSec: integerOption(options, "stallSec"),
      specApprovals: integerOption(options, "specApprovals"),
      ...budgetOptions(options),
    };
    const client = ctx.client();
    const change = await webhookChange(ctx, ref!, options);
    const project = await client.project.update.mutate({
      id: ref!,
      name: stringOption(options, "name"),
      description: stringOption(options, "description"),
      ...(namesAny(settings) ? { settings } : {}),
    });
    if (!change) {
      return ctx.output.result(project, () =>
        ctx.output.success(`Updated project ${ctx.output.colors.bold(project.key)} (${project.name})`),
      );
    }
    const webhook = await client.webhook.set.mutate({ projectId: project.id, ...change });
    ctx.output.result({ ...project, webhook }, () =>
      ctx.output.success(
        `Updated project ${ctx.output.colors.bold(project.key)} (${project.name}); webhook: ${describeWebhook(webhook)}`,
      ),
    );
  },
};

export const projectShow: CommandSpec = {
  path: ["project", "show"],
  summary: "show a project and its task counts",
  args: [PROJECT_ARG],
  async run(ctx, [ref]) {
    const client = ctx.client();
    const project = await client.project.byId.query({ id: ref! });
    const webhook = await client.webhook.byProject.query({ projectId: project.id });
    if (ctx.output.json) return ctx.output.result({ ...project, webhook }, () => "");
    const [counts, spend] = await Promise.all([
      countTasksByStatus(ctx, project.id),
      client.project.spend.query({ id: project.id }),
    ]);
    ctx.output.result(project, () =>
      renderProjectDetail(ctx.output, project, { counts, spend, webhook: describeWebhook(webhook) }),
    );
  },
};

export const projectDelete: CommandSpec = {
  path: ["project", "delete"],
  summary: "delete a project and all its tasks (its activity log is kept)",
  args: [PROJECT_ARG],
  async run(ctx, [ref]) {
    const project = await ctx.client().project.delete.mutate({ id: ref! });
    ctx.output.result(project, () => ctx.output.success(`Deleted project ${project.key} (${project.name})`));
  },
};

export const projectPrompt: CommandSpec = {
  path: ["project", "prompt"],
  summary:
    "show the project's prompt template (placeholders {{persona}} {{project}} {{steering}} {{parent}} {{dependencies}} {{tasks}} {{reporting}}), or set it",
  args: [PROJECT_ARG],
  options: [
    { flags: "--set-file <file>", description: "use this file as the project's template" },
    { flags: "--reset", description: "go back to the built-in template" },
  ],
  async run(ctx, [ref], options) {
    const client = ctx.client();
    const file = stringOption(options, "setFile");
    let project = await client.project.byId.query({ id: ref! });
    if (file || options.reset === true) {
      const promptTemplate = file ? readFileSync(resolve(ctx.cwd, file), "utf8") : null;
      project = await client.project.update.mutate({ id: project.id, settings: { promptTemplate } });
    }
    const template = project.settings.promptTemplate ?? DEFAULT_PROMPT_TEMPLATE;
    const isDefault = project.settings.promptTemplate === null;
    ctx.output.result(
      { projectId: project.id, template, isDefault },
      () => `${ctx.output.colors.dim(isDefault ? "# built-in template" : "# this project's template")}\n${template}`,
    );
  },
};
