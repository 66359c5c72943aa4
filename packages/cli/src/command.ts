import { z } from "zod";
import type { MaestroClient } from "./client";
import type { CliEnv } from "./env";
import type { Io, Output } from "./output";

export interface OptionSpec {
  /** Commander flags, e.g. `--priority <level>` or `--ready`. */
  flags: string;
  description: string;
  /** May be given several times; the values are collected into an array. */
  repeatable?: boolean;
  /** Parses an integer, refusing anything else as a usage error. */
  integer?: boolean;
  /** Missing it is a usage error (exit code 2). */
  required?: boolean;
  /**
   * The domain schema each value is parsed with: a value it refuses is a usage error naming the
   * flag, and an enum's values are the choices the help lists.
   */
  schema?: z.ZodType;
  /** With `repeatable`: one value may also hold several, comma-separated. */
  commaSeparated?: boolean;
}

export interface ArgSpec {
  name: string;
  description: string;
  optional?: boolean;
}

export interface CommandContext {
  /** Connects lazily: commands that never talk to a server (serve) never build one. */
  client(): MaestroClient;
  output: Output;
  io: Io;
  env: CliEnv;
  url: string;
  /** The token to present (MAESTRO_TOKEN, --token-file, `$MAESTRO_HOME/token`); throws if there is none. */
  token(): string;
  /** `--token-file`, when given. */
  tokenFile: string | undefined;
  /** Resolves once the command wants to exit (long-running commands such as serve). */
  cwd: string;
}

/** One CLI command, described as data: program.ts turns these into a commander program. */
export interface CommandSpec {
  /** `["task", "create"]` is `maestro task create`. */
  path: [string, string] | [string];
  summary: string;
  args?: ArgSpec[];
  options?: OptionSpec[];
  examples?: string[];
  run(ctx: CommandContext, args: string[], options: Record<string, unknown>): Promise<void>;
}

export function stringOption(options: Record<string, unknown>, name: string): string | undefined {
  const value = options[name];
  return typeof value === "string" ? value : undefined;
}

export function integerOption(options: Record<string, unknown>, name: string): number | undefined {
  const value = options[name];
  return typeof value === "number" ? value : undefined;
}

export function listOption(options: Record<string, unknown>, name: string): string[] | undefined {
  const value = options[name];
  return Array.isArray(value) ? value.map(String) : undefined;
}

/** An option's value as its schema parsed it: program.ts has already refused anything else. */
export function schemaOption<S extends z.ZodType>(
  options: Record<string, unknown>,
  name: string,
  schema: S,
): z.output<S> | undefined {
  const value = options[name];
  return value === undefined ? undefined : schema.parse(value);
}

/** A repeatable option's values as its schema parsed them. */
export function schemaListOption<S extends z.ZodType>(
  options: Record<string, unknown>,
  name: string,
  schema: S,
): Array<z.output<S>> | undefined {
  const value = options[name];
  return value === undefined ? undefined : z.array(schema).parse(value);
}
