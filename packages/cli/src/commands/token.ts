import { type CreatedToken, Role, type TokenInfo, TokenName } from "@maestro/domain";
import { type CommandSpec, schemaOption } from "../command";
import { UsageError } from "../errors";
import type { Output } from "../output";
import { utcDateTime } from "../format";

/** `<name>` checked like the server does, so a bad one is a usage error before any request. */
function tokenName(value: string | undefined): string {
  const parsed = TokenName.safeParse(value ?? "");
  if (!parsed.success) {
    throw new UsageError(`<name> ${JSON.stringify(value ?? "")}: ${parsed.error.issues[0]?.message}`);
  }
  return parsed.data;
}

const WARNING = "Store this token now: it is shown only this once (the server keeps only its hash).";

export const tokenCreate: CommandSpec = {
  path: ["token", "create"],
  summary: "create a named token for a person or a script (admin); its secret is printed once",
  args: [{ name: "name", description: "who holds it: events and approvals record person:<name>" }],
  options: [{ flags: "--role <role>", description: "what it may do", required: true, schema: Role }],
  examples: ["maestro token create alice --role member", "MAESTRO_TOKEN=mst_… maestro task list WEB"],
  async run(ctx, [name], options) {
    const role = schemaOption(options, "role", Role)!;
    const created = await ctx.client().token.create.mutate({ name: tokenName(name), role });
    ctx.output.result(created, () => renderCreated(ctx.output, created));
    ctx.io.err(WARNING);
  },
};

function renderCreated(output: Output, created: CreatedToken): string {
  return [
    output.success(`Created token ${output.colors.bold(created.name)} (${created.role})`),
    "",
    `  ${created.token}`,
    "",
    `Use it with MAESTRO_TOKEN, or sign in to the dashboard with it.`,
  ].join("\n");
}

export const tokenList: CommandSpec = {
  path: ["token", "list"],
  summary: "list named tokens (admin): name, role, created, last used, revoked; never a secret",
  async run(ctx) {
    const tokens = await ctx.client().token.list.query();
    ctx.output.result(tokens, () => renderTokenTable(ctx.output, tokens));
  },
};

const when = (iso: string | null) => (iso === null ? "—" : utcDateTime(iso));

export function renderTokenTable(output: Output, tokens: readonly TokenInfo[]): string {
  return output.table(
    tokens,
    [
      { header: "NAME", value: (token) => token.name },
      { header: "ROLE", value: (token) => token.role },
      { header: "CREATED", value: (token) => utcDateTime(token.createdAt) },
      { header: "LAST USED", value: (token) => when(token.lastUsedAt) },
      { header: "REVOKED", value: (token) => when(token.revokedAt) },
      { header: "ID", value: (token) => token.id },
    ],
    "No named tokens yet: `maestro token create <name> --role viewer|member|admin`.",
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const tokenRevoke: CommandSpec = {
  path: ["token", "revoke"],
  summary: "revoke a named token (admin): refused from its next request, its dashboard sessions end",
  args: [{ name: "name|id", description: "the live token's name, or any token's id (token list shows it)" }],
  async run(ctx, [ref]) {
    const input = UUID.test(ref ?? "") ? { id: ref! } : { name: tokenName(ref) };
    const revoked = await ctx.client().token.revoke.mutate(input);
    ctx.output.result(revoked, () => ctx.output.success(`Revoked token ${revoked.name} (${revoked.role})`));
  },
};
