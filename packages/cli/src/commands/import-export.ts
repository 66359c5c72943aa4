import { realpathSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { ExportFormat, IMPORT_FORMATS, ImportFormat, type ImportFiles, isReadByFormat } from "@maestro/domain";
import { type CommandContext, type CommandSpec, schemaOption, stringOption } from "../command";
import { CliError, UsageError } from "../errors";
import { renderImportPlan } from "../format-import";
import { PROJECT_ARG, PROJECT_FLAG } from "./common-specs";

/**
 * Reads what to import on this side (the server may not see this machine's files): a file, or
 * every text file of a folder, with the import's caps; no link is followed out of the folder.
 */
async function readLocal(
  ctx: CommandContext,
  path: string,
  format: ImportFormat,
): Promise<{ files: ImportFiles; folder?: string }> {
  const target = resolve(ctx.cwd, path);
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    throw new CliError(`${path} does not exist`);
  }
  // The server's file reader loads only for `import` (see docs/architecture.md).
  const { readImportFiles } = await import("@maestro/server");
  if (!statSync(real).isDirectory()) return { files: readImportFiles(dirname(real), real) };
  return { files: readImportFiles(real, real, (file) => isReadByFormat(format, file)), folder: basename(real) };
}

/** The server takes at most 2 MiB per request; say so here rather than let it refuse the upload. */
const MAX_REQUEST_BYTES = 2 * 1024 * 1024;

function assertSendable(input: object): void {
  const bytes = Buffer.byteLength(JSON.stringify(input));
  if (bytes <= MAX_REQUEST_BYTES * 0.98) return;
  throw new CliError(
    `the files come to ${(bytes / 1024 / 1024).toFixed(1)} MiB as a request; the server takes 2 MiB: import a smaller folder`,
  );
}

function formatArg(value: string): ImportFormat {
  const parsed = ImportFormat.safeParse(value);
  if (!parsed.success) throw new UsageError(`<format>: must be one of ${IMPORT_FORMATS.join(", ")} (got "${value}")`);
  return parsed.data;
}

export const importCommand: CommandSpec = {
  path: ["import"],
  summary: "import tasks and specs from another tool's files (shows the plan; --dry-run writes nothing)",
  args: [
    { name: "format", description: IMPORT_FORMATS.join(" | ") },
    { name: "path", description: "the file (tasks.json) or the folder to import" },
  ],
  options: [
    PROJECT_FLAG,
    {
      flags: "--tag <tag>",
      description: "taskmaster: the tag (default master, or the only one); agent-maestro: the project id or name",
    },
    { flags: "--dry-run", description: "show what the import would create or update, and write nothing" },
  ],
  examples: [
    "maestro import taskmaster .taskmaster/tasks/tasks.json --project WEB --dry-run",
    "maestro import json web.maestro.json --project COPY",
  ],
  async run(ctx, [formatValue, path], options) {
    const format = formatArg(formatValue!);
    const projectId = stringOption(options, "project") ?? ctx.env.MAESTRO_PROJECT_ID;
    if (!projectId) throw new UsageError("--project <p> is required");
    const input = { projectId, format, ...(await readLocal(ctx, path!, format)), tag: stringOption(options, "tag") };
    assertSendable(input);
    const client = ctx.client();
    const isDryRun = options.dryRun === true;
    const plan = isDryRun ? await client.import.preview.mutate(input) : await client.import.run.mutate(input);
    ctx.output.result(plan, () => renderImportPlan(ctx.output, plan, !isDryRun));
  },
};

export const exportCommand: CommandSpec = {
  path: ["export"],
  summary: "write a project's tasks and specs as a file another Maestro (json) or Task Master (taskmaster) reads",
  args: [PROJECT_ARG],
  options: [
    { flags: "--format <format>", description: "the file's format", schema: ExportFormat, required: true },
    { flags: "--output <file>", description: "write it to this file (default: stdout)" },
  ],
  examples: ["maestro export WEB --format taskmaster --output .taskmaster/tasks/tasks.json"],
  async run(ctx, [projectId], options) {
    const format = schemaOption(options, "format", ExportFormat)!;
    const file = await ctx.client().export.run.query({ projectId: projectId!, format });
    const output = stringOption(options, "output");
    if (output === undefined) {
      ctx.io.out(file.content);
      return;
    }
    const path = resolve(ctx.cwd, output);
    writeFileSync(path, file.content);
    ctx.output.result({ format: file.format, path }, () => ctx.output.success(`wrote ${path} (${format})`));
  },
};
