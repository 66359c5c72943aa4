import { TRPCClientError } from "@trpc/client";

/** A failure to report on one line with exit code 1. */
export class CliError extends Error {}

/** A failure the command has already reported (in its own log format): exit code 1, nothing more printed. */
export class ReportedError extends CliError {}

/** A malformed command line: exit code 2. */
export class UsageError extends Error {}

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** One clear line saying what failed and why. */
export function describeError(error: unknown, url: string): string {
  if (error instanceof TRPCClientError) {
    const code = networkCode(error);
    if (
      code === "ECONNREFUSED" ||
      code === "ECONNRESET" ||
      code === "ENOTFOUND" ||
      (!error.data && /fetch failed/i.test(error.message))
    ) {
      return `cannot reach Maestro at ${url} (${code ?? "connection failed"}); is \`maestro serve\` running?`;
    }
    const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus;
    if (status === 401) return "the server refused the token (set MAESTRO_TOKEN or pass --token-file <path>)";
    if (status === 403 && !error.data?.code) return `the server refused this client: ${error.message}`;
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
