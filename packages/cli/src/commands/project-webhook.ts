import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type SetWebhookInput, type Webhook, WebhookEvent, WebhookSecret, WebhookUrl } from "@maestro/domain";
import { z } from "zod";
import { type CommandContext, type CommandSpec, type OptionSpec, schemaListOption, stringOption } from "../command";
import { UsageError } from "../errors";
import { renderDeliveryTable } from "../format-webhook";
import { LIMIT_FLAG, type PageQuery, collectPages, eachPage, limitOption, printJsonPages } from "../pages";
import { PROJECT_ARG } from "./common-specs";

const WebhookUrlOrNone = z
  .string()
  .max(2048, "must be at most 2048 characters")
  .refine(
    (value) => value.toLowerCase() === "none" || WebhookUrl.safeParse(value).success,
    "must be an http:// or https:// URL, or none",
  );

/** The webhook flags of `project update`. */
export const WEBHOOK_OPTIONS: OptionSpec[] = [
  {
    flags: "--webhook <url>",
    description: "POST a JSON notification here (Slack/Discord-compatible); none removes it",
    schema: WebhookUrlOrNone,
  },
  {
    flags: "--webhook-secret-file <file>",
    description: "sign deliveries with the secret in this file (HMAC-SHA256; preferred over --webhook-secret)",
  },
  {
    flags: "--webhook-secret <secret>",
    description: "sign deliveries with this secret (visible to other users in ps: prefer --webhook-secret-file)",
    schema: WebhookSecret,
  },
  {
    flags: "--notify <events>",
    description: "what the webhook is told about (repeatable, or comma-separated; default all)",
    repeatable: true,
    commaSeparated: true,
    schema: WebhookEvent,
  },
];

type WebhookChange = Omit<SetWebhookInput, "projectId">;

/** The webhook change the flags name, or undefined when they name none. */
export async function webhookChange(
  ctx: CommandContext,
  projectId: string,
  options: Record<string, unknown>,
): Promise<WebhookChange | undefined> {
  const url = stringOption(options, "webhook");
  const secret = secretOption(ctx, options);
  const notify = schemaListOption(options, "notify", WebhookEvent);
  if (url === undefined && secret === undefined && notify === undefined) return undefined;
  if (url?.toLowerCase() === "none") {
    if (secret !== undefined || notify !== undefined) {
      throw new UsageError("--webhook none takes no secret or --notify");
    }
    return { url: null };
  }
  const current = url ?? (await ctx.client().webhook.byProject.query({ projectId }))?.url;
  if (!current) throw new UsageError("--webhook <url>: the project has no webhook yet, name its URL");
  return { url: current, secret, notify };
}

function secretOption(ctx: CommandContext, options: Record<string, unknown>): string | undefined {
  const file = stringOption(options, "webhookSecretFile");
  const inline = stringOption(options, "webhookSecret");
  if (file !== undefined && inline !== undefined) {
    throw new UsageError("--webhook-secret and --webhook-secret-file contradict each other");
  }
  if (file === undefined) return inline;
  let text: string;
  try {
    text = readFileSync(resolve(ctx.cwd, file), "utf8");
  } catch {
    throw new UsageError(`--webhook-secret-file: cannot read ${file}`);
  }
  const parsed = WebhookSecret.safeParse(text.replace(/\r?\n$/, ""));
  if (!parsed.success) throw new UsageError(`--webhook-secret-file: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

/** "https://… (signed; needs_input, failed)" or "none". */
export function describeWebhook(webhook: Webhook | null): string {
  if (!webhook) return "none";
  return `${webhook.url} (${webhook.secretSet ? "signed" : "unsigned"}; ${webhook.notify.join(", ")})`;
}

export const projectWebhooks: CommandSpec = {
  path: ["project", "webhooks"],
  summary: "list a project's recent webhook deliveries, newest first",
  args: [PROJECT_ARG],
  options: [LIMIT_FLAG],
  async run(ctx, [ref], options) {
    const client = ctx.client();
    const max = limitOption(options) ?? 50;
    const fetchPage = (page: PageQuery) => client.webhook.deliveries.query({ projectId: ref!, ...page });
    if (ctx.output.json) return printJsonPages(ctx.io, eachPage(fetchPage, max));
    const deliveries = await collectPages(fetchPage, max);
    ctx.output.result(deliveries, () => renderDeliveryTable(ctx.output, deliveries));
  },
};
