import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type CliEnv, maestroHome } from "./env";
import { CliError } from "./errors";

export const NO_TOKEN_MESSAGE = "no token: start `maestro serve` once, or set MAESTRO_TOKEN / --token-file";

/** The first line of a token file; an unreadable or empty one is an error naming the file. */
export function readTokenFile(path: string, flag = "--token-file"): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new CliError(`${flag}: cannot read ${path} (${code})`);
  }
  const token = text.trim();
  if (!token) throw new CliError(`${flag}: ${path} is empty`);
  return token;
}

/**
 * The token a client presents: MAESTRO_TOKEN, else `--token-file`, else `<home>/<fallback>`
 * (the owner token `serve` wrote). Never a command-line value: `ps` shows argv to everyone.
 */
export function resolveToken(opts: {
  env: CliEnv;
  tokenFile: string | undefined;
  /** Default `$MAESTRO_HOME` or ~/.maestro. */
  home?: string;
  /** Default `token`, the owner's. */
  fallback?: string;
}): string {
  if (opts.env.MAESTRO_TOKEN) return opts.env.MAESTRO_TOKEN;
  if (opts.tokenFile !== undefined) return readTokenFile(opts.tokenFile);
  try {
    return readFileSync(join(opts.home ?? maestroHome(opts.env), opts.fallback ?? "token"), "utf8").trim() || missing();
  } catch (error) {
    if (error instanceof CliError) throw error;
    return missing();
  }
}

function missing(): never {
  throw new CliError(NO_TOKEN_MESSAGE);
}
