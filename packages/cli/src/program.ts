import { Command, CommanderError, Option } from "commander";
import { createMaestroClient, type MaestroClient } from "./client";
import type { CommandContext, CommandSpec } from "./command";
import { COMMANDS } from "./commands/index";
import { DEFAULT_URL, type CliEnv, readCliEnv } from "./env";
import { CliError, ReportedError, UsageError, describeError } from "./errors";
import { toOption } from "./option";
import { type Io, Output, processIo } from "./output";
import { resolveToken } from "./token";

function addGlobalOptions(command: Command): Command {
  return command
    .option("--json", "print only JSON on stdout")
    .option("--url <url>", `server URL (default $MAESTRO_URL or ${DEFAULT_URL})`)
    .option("--token-file <path>", "file holding the token (default $MAESTRO_TOKEN, else $MAESTRO_HOME/token)")
    .addOption(new Option("--token <token>").hideHelp());
}

/** A token on the command line is visible to every local user in `ps`: refused, with the way instead. */
const TOKEN_FLAG_REFUSED =
  "--token is not accepted (a command line is visible to everyone in `ps`): use --token-file <path> or MAESTRO_TOKEN";

function isTokenFlag(arg: string): boolean {
  return arg === "--token" || arg.startsWith("--token=");
}

/**
 * A `--token` ahead of the command (`maestro --token x task list`) would otherwise be commander's
 * "unknown option" (echoing `--token=<value>`); only the words before the command are looked at,
 * since after it a flag's value may itself start with dashes.
 */
function hasTokenFlagBeforeCommand(argv: readonly string[]): boolean {
  const words: string[] = [];
  for (const arg of argv) {
    if (arg === "--") return false;
    if (arg.startsWith("-")) {
      if (isTokenFlag(arg)) return true;
      continue;
    }
    words.push(arg);
    const path = words.join(" ");
    if (COMMANDS.some((spec) => spec.path.join(" ") === path)) return false;
  }
  return false;
}

interface RunState {
  exitCode: number;
}

interface RunDeps {
  env: CliEnv;
  io: Io;
  state: RunState;
}

/** Commander passes the arguments, then the options, then the command. */
function argsOf(spec: CommandSpec, received: unknown[]): string[] {
  // A variadic last argument (`<tasks...>`) arrives as an array: flatten it into the list.
  return received
    .slice(0, spec.args?.length ?? 0)
    .flatMap((value) => (Array.isArray(value) ? value.map(String) : [value === undefined ? "" : String(value)]));
}

/** Flags first, then the environment; the client connects only when a command asks for it. */
function commandContext(options: Record<string, unknown>, env: CliEnv, io: Io): CommandContext {
  const url = (typeof options.url === "string" ? options.url : env.MAESTRO_URL) ?? DEFAULT_URL;
  const tokenFile = typeof options.tokenFile === "string" ? options.tokenFile : undefined;
  let token: string | undefined;
  let client: MaestroClient | undefined;
  const resolved = () => (token ??= resolveToken({ env, tokenFile }));
  return {
    client: () => (client ??= createMaestroClient({ url, token: resolved() })),
    output: new Output(io, options.json === true, !env.NO_COLOR),
    io,
    env,
    url,
    token: resolved,
    tokenFile,
    cwd: process.cwd(),
  };
}

/** The parent's command of that name, made once: a command may also be a group (`mcp` and `mcp config`). */
function commandOf(parent: Command, name: string, description?: string): Command {
  const existing = parent.commands.find((command) => command.name() === name);
  if (existing) return existing;
  const made = parent.command(name);
  return description ? made.description(description) : made;
}

function register(parent: Command, spec: CommandSpec, { env, io, state }: RunDeps): void {
  const name = spec.path[spec.path.length - 1]!;
  const command = commandOf(parent, name).description(spec.summary);
  for (const arg of spec.args ?? []) {
    command.argument(arg.optional ? `[${arg.name}]` : `<${arg.name}>`, arg.description);
  }
  for (const option of spec.options ?? []) command.addOption(toOption(option));
  addGlobalOptions(command);
  if (spec.examples?.length) {
    command.addHelpText("after", `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join("\n")}`);
  }
  command.action(async (...received: unknown[]) => {
    const options = (received[received.length - 2] ?? {}) as Record<string, unknown>;
    const ctx = commandContext(options, env, io);
    try {
      if (options.token !== undefined) throw new UsageError(TOKEN_FLAG_REFUSED);
      await spec.run(ctx, argsOf(spec, received), options);
    } catch (error) {
      if (!(error instanceof ReportedError)) io.err(`error: ${describeError(error, ctx.url)}`);
      state.exitCode = error instanceof UsageError ? 2 : 1;
    }
  });
}

export function buildProgram(io: Io, env: CliEnv, state: RunState): Command {
  const program = new Command("maestro")
    .description("Maestro: a local-first control tower for AI coding agents")
    .showSuggestionAfterError()
    // Every command (inheriting it) reads its options only before a subcommand's name: for a
    // command that is also a group, `mcp config --tools all` is config's --tools, not mcp's.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) });
  const groups = new Map<string, Command>();
  for (const spec of COMMANDS) {
    let parent = program;
    if (spec.path.length === 2) {
      const group = spec.path[0];
      if (!groups.has(group)) groups.set(group, commandOf(program, group, `${group} commands`));
      parent = groups.get(group)!;
    }
    register(parent, spec, { env, io, state });
  }
  for (const command of [program, ...groups.values(), ...program.commands.flatMap((c) => c.commands)]) {
    command
      .exitOverride()
      .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) });
  }
  return program;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code: 0 ok, 1 failed, 2 usage. */
export async function runCli(argv: string[], io: Io = processIo, env: CliEnv = readCliEnv()): Promise<number> {
  if (hasTokenFlagBeforeCommand(argv)) {
    io.err(`error: ${TOKEN_FLAG_REFUSED}`);
    return 2;
  }
  const state: RunState = { exitCode: 0 };
  const program = buildProgram(io, env, state);
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      const isHelp = error.code === "commander.helpDisplayed" || error.code === "commander.version";
      return isHelp ? 0 : 2;
    }
    io.err(`error: ${error instanceof CliError ? error.message : describeError(error, DEFAULT_URL)}`);
    return 1;
  }
  return state.exitCode;
}
