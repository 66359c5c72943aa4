import { AccountName, AgentAdapter, MemoryMb, NetworkMode, Persona, Sandbox } from "@maestro/domain";
import { z } from "zod";
import { type CommandSpec, type OptionSpec, integerOption, listOption, schemaOption, stringOption } from "../command";
import { utcDateTime } from "../format";
import { renderAgentTable } from "../format-session";
import { LIMIT_FLAG, type PageQuery, collectPages, eachPage, limitOption, printJsonPages } from "../pages";
import { splitArgv } from "../split-argv";

const DELEGATES_FLAG: OptionSpec = {
  flags: "--delegates <profiles>",
  description:
    "profiles its sessions may start on their own subtasks (repeatable, or comma-separated; `none` clears); without it, none",
  repeatable: true,
  commaSeparated: true,
};

const ACCOUNT_FLAG: OptionSpec = {
  flags: "--account <name>",
  description:
    "the account its usage counts against: a usage limit pauses every profile of it (`none`: derived from its adapter and credential variables)",
  schema: AccountName,
};

/** `none` clears the account (`agent update claude-opus --account none`): it is derived again. */
function accountOption(options: Record<string, unknown>): string | null | undefined {
  const name = schemaOption(options, "account", AccountName);
  return name === undefined ? undefined : name.toLowerCase() === "none" ? null : name;
}

const MEMORY_MB_MESSAGE = "must be a whole number of MiB from 16 to 1048576, or none";

/** `--memory-mb`: a whole number of MiB, or `none`: learned from its sessions' peak memory again. */
const MemoryMbFlag = z
  .string()
  .trim()
  .transform((value) => (value.toLowerCase() === "none" ? null : /^\d+$/.test(value) ? Number(value) : Number.NaN))
  .pipe(z.union([MemoryMb, z.null()], { error: MEMORY_MB_MESSAGE }));

const MEMORY_FLAG: OptionSpec = {
  flags: "--memory-mb <n>",
  description:
    "memory one session takes, MiB: autopilot starts it only while that much and the floor stay free (`none`: learned from its sessions)",
  // Checked as the flag is read, kept as text: commander would turn a parsed null (`none`) into "".
  schema: z.string().refine((value) => MemoryMbFlag.safeParse(value).success, MEMORY_MB_MESSAGE),
};

function memoryMbOption(options: Record<string, unknown>): number | null | undefined {
  const value = stringOption(options, "memoryMb");
  return value === undefined ? undefined : MemoryMbFlag.parse(value);
}

export const agentList: CommandSpec = {
  path: ["agent", "list"],
  summary: "list agent profiles (built-in and yours), by name",
  options: [LIMIT_FLAG],
  async run(ctx, _args, options) {
    const fetchPage = (page: PageQuery) => ctx.client().agent.list.query(page);
    if (ctx.output.json) return printJsonPages(ctx.io, eachPage(fetchPage, limitOption(options)));
    const agents = await collectPages(fetchPage, limitOption(options));
    ctx.output.result(agents, () => renderAgentTable(ctx.output, agents));
  },
};

const SANDBOX_OPTIONS: OptionSpec[] = [
  {
    flags: "--sandbox <kind>",
    description: "bwrap: run the agent under bubblewrap (its directory writable, your home and Maestro's hidden)",
    schema: Sandbox,
  },
  {
    flags: "--network <mode>",
    description: "off: a sandboxed agent reaches no network but Maestro",
    schema: NetworkMode,
  },
];

export const agentAdd: CommandSpec = {
  path: ["agent", "add"],
  summary: "add an agent profile (a built-in name customises that built-in)",
  args: [{ name: "name", description: "profile name, e.g. claude-opus or my-script" }],
  options: [
    { flags: "--adapter <adapter>", description: "the tool it runs", required: true, schema: AgentAdapter },
    { flags: "--model <model>", description: "model name passed to the tool" },
    {
      flags: "--command <template>",
      description:
        "custom adapter: the argv template (the prompt comes on stdin; {promptFile}, as a whole element, is its file's path); other adapters: the executable to run instead of the tool's own",
    },
    { flags: "--arg <arg>", description: "an extra argument (repeatable)", repeatable: true },
    {
      flags: "--env <name>",
      description:
        "an environment variable passed through to the agent (repeatable; default: the tool's credential variables)",
      repeatable: true,
    },
    { flags: "--persona <role>", description: "the role its prompt gives it (default developer)", schema: Persona },
    { flags: "--permission-mode <mode>", description: "the tool's permission mode (e.g. acceptEdits)" },
    { flags: "--max-concurrent <n>", description: "at most this many sessions at once", integer: true },
    DELEGATES_FLAG,
    ACCOUNT_FLAG,
    MEMORY_FLAG,
    ...SANDBOX_OPTIONS,
  ],
  examples: [
    "maestro agent add lead --adapter claude-code --persona coordinator --delegates worker-a,worker-b",
    'maestro agent add my-agent --adapter custom --command "./scripts/agent.sh {promptFile}"',
    "maestro agent add claude-opus --adapter claude-code --model opus",
    "maestro agent add team-codex --adapter codex --account team",
    "maestro agent add boxed --adapter claude-code --sandbox bwrap --network off",
  ],
  async run(ctx, [name], options) {
    const command = stringOption(options, "command");
    const agent = await ctx.client().agent.add.mutate({
      name: name!,
      adapter: schemaOption(options, "adapter", AgentAdapter)!,
      model: stringOption(options, "model") ?? null,
      command: command ? splitArgv(command) : null,
      args: listOption(options, "arg") ?? [],
      envAllowlist: listOption(options, "env"),
      persona: schemaOption(options, "persona", Persona) ?? "developer",
      permissionMode: stringOption(options, "permissionMode") ?? null,
      maxConcurrent: integerOption(options, "maxConcurrent") ?? null,
      delegates: delegatesOption(options) ?? [],
      account: accountOption(options) ?? null,
      sandbox: schemaOption(options, "sandbox", Sandbox),
      network: schemaOption(options, "network", NetworkMode),
      memoryMb: memoryMbOption(options) ?? null,
    });
    ctx.output.result(agent, () =>
      ctx.output.success(`Added agent ${ctx.output.colors.bold(agent.name)} (${agent.adapter})`),
    );
  },
};

/** `none` clears the list (`agent update lead --delegates none`). */
function delegatesOption(options: Record<string, unknown>): string[] | undefined {
  const names = listOption(options, "delegates");
  return names?.filter((name) => name.toLowerCase() !== "none");
}

export const agentUpdate: CommandSpec = {
  path: ["agent", "update"],
  summary: "change an agent profile (a built-in is stored as your customised copy)",
  args: [{ name: "name", description: "profile name" }],
  options: [
    { flags: "--model <model>", description: "model name passed to the tool" },
    { flags: "--persona <role>", description: "the role its prompt gives it", schema: Persona },
    { flags: "--max-concurrent <n>", description: "at most this many sessions at once", integer: true },
    DELEGATES_FLAG,
    ACCOUNT_FLAG,
    MEMORY_FLAG,
    ...SANDBOX_OPTIONS,
  ],
  examples: [
    "maestro agent update lead --delegates worker-a,worker-b",
    "maestro agent update lead --delegates none",
    "maestro agent update claude-opus --account none",
    "maestro agent update claude-code --sandbox bwrap --network off",
    "maestro agent update claude-code --memory-mb 1500",
  ],
  async run(ctx, [name], options) {
    const agent = await ctx.client().agent.update.mutate({
      name: name!,
      model: stringOption(options, "model"),
      persona: schemaOption(options, "persona", Persona),
      maxConcurrent: integerOption(options, "maxConcurrent"),
      delegates: delegatesOption(options),
      account: accountOption(options),
      sandbox: schemaOption(options, "sandbox", Sandbox),
      network: schemaOption(options, "network", NetworkMode),
      memoryMb: memoryMbOption(options),
    });
    ctx.output.result(agent, () =>
      ctx.output.success(`Updated agent ${ctx.output.colors.bold(agent.name)} (${agent.adapter})`),
    );
  },
};

export const agentShow: CommandSpec = {
  path: ["agent", "show"],
  summary: "show an agent profile",
  args: [{ name: "name", description: "profile name" }],
  async run(ctx, [name]) {
    const agent = await ctx.client().agent.byName.query({ name: name! });
    ctx.output.result(agent, () => renderAgentTable(ctx.output, [agent]));
  },
};

export const agentRemove: CommandSpec = {
  path: ["agent", "remove"],
  summary: "remove an agent profile (a customised built-in goes back to its defaults)",
  args: [{ name: "name", description: "profile name" }],
  async run(ctx, [name]) {
    const agent = await ctx.client().agent.remove.mutate({ name: name! });
    ctx.output.result(agent, () => ctx.output.success(`Removed agent ${agent.name}`));
  },
};

export const agentResume: CommandSpec = {
  path: ["agent", "resume"],
  summary:
    "lift the usage-limit pause of a profile's account now (every profile of the account); its waiting sessions are queued again",
  args: [{ name: "name", description: "profile name (its account is resumed)" }],
  async run(ctx, [name]) {
    const resumed = await ctx.client().agent.resume.mutate({ name: name! });
    ctx.output.result(resumed, () =>
      ctx.output.success(
        `Resumed account ${ctx.output.colors.bold(resumed.account)} (${resumed.profiles.join(", ")}), paused until ${utcDateTime(resumed.until)}; ${resumed.queued.length} waiting session(s) queued again`,
      ),
    );
  },
};
