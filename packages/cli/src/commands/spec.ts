import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { DocumentPhase } from "@maestro/domain";
import { type ArgSpec, type CommandSpec, type OptionSpec, integerOption, schemaOption, stringOption } from "../command";
import { CliError } from "../errors";
import { renderSpecDetail, renderSpecTable, renderTasksPreview } from "../format-spec";
import { LIMIT_FLAG, type PageQuery, collectPages, eachPage, limitOption, printJsonPages } from "../pages";

const SPEC_ARG: ArgSpec = { name: "spec", description: "spec id, slug, or <project>/<slug>" };
const PHASE_FLAG: OptionSpec = {
  flags: "--phase <phase>",
  description: "the phase's document (default: the spec's current phase)",
  schema: DocumentPhase,
};
const phaseOption = (options: Record<string, unknown>) => schemaOption(options, "phase", DocumentPhase);

export const specCreate: CommandSpec = {
  path: ["spec", "create"],
  summary: "start a spec: a feature taken through requirements, design and tasks",
  args: [{ name: "name", description: "spec name" }],
  options: [
    { flags: "--project <p>", description: "project id or key", required: true },
    { flags: "--request <text>", description: "what is asked for, in a sentence or two" },
    { flags: "--slug <slug>", description: "folder name under .maestro/specs (default: from the name)" },
    {
      flags: "--approvals <n>",
      description: "approvals each phase needs (default: the project's specApprovals)",
      integer: true,
    },
  ],
  examples: ['maestro spec create "Sign in" --project WEB --request "Let people sign in with email and password"'],
  async run(ctx, [name], options) {
    const spec = await ctx.client().spec.create.mutate({
      projectId: stringOption(options, "project")!,
      name: name!,
      request: stringOption(options, "request") ?? "",
      slug: stringOption(options, "slug"),
      requiredApprovals: integerOption(options, "approvals"),
    });
    ctx.output.result(spec, () =>
      ctx.output.success(
        `Created spec ${ctx.output.colors.bold(spec.slug)} (${spec.name}); next: write requirements.md`,
      ),
    );
  },
};

export const specList: CommandSpec = {
  path: ["spec", "list"],
  summary: "list specs with their phase and each document's review state",
  options: [{ flags: "--project <p>", description: "only this project's specs" }, LIMIT_FLAG],
  async run(ctx, _args, options) {
    const client = ctx.client();
    const projectId = stringOption(options, "project");
    const fetchPage = (page: PageQuery) => client.spec.list.query({ projectId, ...page });
    if (ctx.output.json) return printJsonPages(ctx.io, eachPage(fetchPage, limitOption(options)));
    const specs = await collectPages(fetchPage, limitOption(options));
    const projects = await collectPages((page) => client.project.list.query(page));
    const keys = new Map(projects.map((project) => [project.id, project.key]));
    ctx.output.result(specs, () => renderSpecTable(ctx.output, specs, (id) => keys.get(id) ?? id));
  },
};

export const specShow: CommandSpec = {
  path: ["spec", "show"],
  summary: "show a spec: each phase's version, review state and approvals, lint results, comments",
  args: [SPEC_ARG],
  async run(ctx, [ref]) {
    const spec = await ctx.client().spec.byId.query({ id: ref! });
    ctx.output.result(spec, () => renderSpecDetail(ctx.output, spec));
  },
};

export const specEdit: CommandSpec = {
  path: ["spec", "edit"],
  summary: "save a file as the new version of a phase document (also written to .maestro/specs/<slug>/)",
  args: [SPEC_ARG],
  options: [
    { ...PHASE_FLAG, description: "the phase's document", required: true },
    { flags: "--file <path>", description: "the document's new text", required: true },
    { flags: "--base-version <n>", description: "refuse if the document is no longer at this version", integer: true },
  ],
  examples: ["maestro spec edit sign-in --phase requirements --file requirements.md"],
  async run(ctx, [ref], options) {
    const phase = phaseOption(options)!;
    const text = readFileSync(resolve(ctx.cwd, stringOption(options, "file")!), "utf8");
    const spec = await ctx.client().spec.edit.mutate({
      id: ref!,
      phase,
      text,
      baseVersion: integerOption(options, "baseVersion"),
    });
    const state = spec.phases.find((entry) => entry.phase === phase)!;
    ctx.output.result(spec, () =>
      ctx.output.success(
        `${phase}.md of ${spec.slug} is at version ${state.version} (${state.reviewState.replace("_", " ")})`,
      ),
    );
  },
};

function reviewCommand(verb: "submit" | "approve" | "reject", summary: string, done: string): CommandSpec {
  return {
    path: ["spec", verb],
    summary,
    args: [SPEC_ARG],
    options: [PHASE_FLAG, { flags: "--comment <text>", description: "why (kept with the review)" }],
    async run(ctx, [ref], options) {
      const phase = phaseOption(options);
      const spec = await ctx
        .client()
        .spec[verb].mutate({ id: ref!, phase, comment: stringOption(options, "comment") ?? "" });
      const reviewed = spec.phases.find((entry) => entry.phase === (phase ?? previousOrCurrent(spec, verb)));
      const state = reviewed
        ? `${reviewed.phase}: ${reviewed.reviewState.replace("_", " ")}, ${reviewed.approvals}/${reviewed.requiredApprovals} approvals`
        : "";
      ctx.output.result(spec, () => ctx.output.success(`${done} ${spec.slug} (${state}); phase now ${spec.phase}`));
    },
  };
}

/** After an approval the spec may have moved on: the reviewed phase is the last approved one. */
function previousOrCurrent(
  spec: { phase: string; phases: Array<{ phase: string; reviewState: string }> },
  verb: string,
): string {
  if (verb !== "approve") return spec.phase;
  const inPhase = spec.phases.find((entry) => entry.phase === spec.phase);
  if (inPhase && inPhase.reviewState !== "draft") return inPhase.phase;
  return [...spec.phases].reverse().find((entry) => entry.reviewState === "approved")?.phase ?? spec.phase;
}

export const specSubmit = reviewCommand("submit", "ask for review of a phase document", "Submitted");
export const specApprove = reviewCommand("approve", "approve a phase (approving tasks creates the tasks)", "Approved");
export const specReject = reviewCommand("reject", "request changes to a phase, with a comment", "Requested changes to");

export const specGenerate: CommandSpec = {
  path: ["spec", "generate"],
  summary: "have an agent draft a phase (analyst → requirements, architect → design, planner → tasks)",
  args: [SPEC_ARG],
  options: [
    PHASE_FLAG,
    { flags: "--agent <profile>", description: "agent profile (default: the project's default agent)" },
  ],
  examples: ["maestro spec generate WEB/login --phase requirements --agent claude-code"],
  async run(ctx, [ref], options) {
    const result = await ctx.client().spec.generate.mutate({
      id: ref!,
      phase: phaseOption(options),
      agent: stringOption(options, "agent"),
    });
    ctx.output.result(result, () =>
      ctx.output.success(
        `${result.task.key}: ${result.task.title} — session ${result.session.id.slice(0, 8)} (${result.session.agent}) queued; its document becomes the next version`,
      ),
    );
  },
};

export const specSync: CommandSpec = {
  path: ["spec", "sync"],
  summary: "turn edits made to the files in .maestro/specs/<slug>/ into new versions",
  args: [SPEC_ARG],
  async run(ctx, [ref]) {
    const result = await ctx.client().spec.sync.mutate({ id: ref! });
    const what = result.created.map((entry) => `${entry.phase}.md → v${entry.version}`).join(", ");
    ctx.output.result(result, () =>
      ctx.output.success(
        what ? `Synced ${result.spec.slug}: ${what}` : `${result.spec.slug} is up to date with its files`,
      ),
    );
  },
};

export const specTasks: CommandSpec = {
  path: ["spec", "tasks"],
  summary: "preview the tasks that tasks.md would create or update",
  args: [SPEC_ARG],
  async run(ctx, [ref]) {
    const preview = await ctx.client().spec.tasksPreview.query({ id: ref! });
    ctx.output.result(preview, () => renderTasksPreview(ctx.output, preview));
    if (preview.errors.length) {
      throw new CliError(
        `tasks.md has ${preview.errors.length} problem(s), first on line ${preview.errors[0]!.line}: ${preview.errors[0]!.message}`,
      );
    }
  },
};

export const SPEC_COMMANDS: CommandSpec[] = [
  specCreate,
  specList,
  specShow,
  specEdit,
  specSubmit,
  specApprove,
  specReject,
  specGenerate,
  specSync,
  specTasks,
];
