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
  token: string | undefined;
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

export function listOption(options: Record<string, unknown>, name: string): string[] | undefined {
  const value = options[name];
  return Array.isArray(value) ? value.map(String) : undefined;
}
