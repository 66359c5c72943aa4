import { z } from "zod";

export const LOG_FORMATS = ["text", "json"] as const;
export const LogFormat = z.enum(LOG_FORMATS);
export type LogFormat = z.infer<typeof LogFormat>;

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export const LogLevel = z.enum(LOG_LEVELS);
export type LogLevel = z.infer<typeof LogLevel>;

/** What a line may carry besides its message: ids to correlate it (request, session, procedure…). */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface LogRecord {
  time: Date;
  level: LogLevel;
  msg: string;
  fields?: LogFields;
}

/** Whether a line of `level` is written when the threshold is `threshold`. */
export function isLevelEnabled(level: LogLevel, threshold: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(threshold);
}

const REDACTED = "[redacted]";
/**
 * Shapes of secrets whatever their value: bearer credentials, `token=`/`secret=`/`password=`
 * pairs, 64-hex-digit strings (every token Maestro mints is 32 random bytes in hex), and named
 * tokens (`mst_…`).
 */
const SECRET_SHAPES: ReadonlyArray<[RegExp, string]> = [
  [/\b(bearer)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`],
  [/\b((?:[\w-]*token|secret|password|authorization|api[_-]?key)["']?\s*[:=]\s*["']?)[^\s"'\\,;&]+/gi, `$1${REDACTED}`],
  [/\b[0-9a-f]{64}\b/gi, REDACTED],
  [/\bmst_[\w-]+/g, REDACTED],
  // A URL's user and password (a webhook's, a git remote's `https://user:token@host`).
  [/\b([a-z][a-z\d+.-]*:\/\/)[^\s/?#@"'`]+@/gi, `$1${REDACTED}@`],
];

/**
 * Control characters but a tab and a newline (ESC starts terminal sequences, CR overwrites the
 * line on screen), shown escaped in text: what an agent wrote cannot drive the reader's terminal.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * `text` with known secrets (the exact values given) and anything shaped like one removed: a log
 * line is read by more people than the secrets it could leak are meant for.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of SECRET_SHAPES) out = out.replace(pattern, replacement);
  return out;
}

/**
 * One line, without its newline: the message alone (text), or one JSON object with `time`,
 * `level`, `msg`, then the fields (undefined ones left out). Secrets are redacted either way.
 */
export function formatLogLine(record: LogRecord, format: LogFormat, secrets: readonly string[] = []): string {
  const msg = redactSecrets(record.msg, secrets);
  const fields: Array<[string, string | number | boolean | null]> = [];
  for (const [key, value] of Object.entries(record.fields ?? {})) {
    if (value !== undefined) fields.push([key, typeof value === "string" ? redactSecrets(value, secrets) : value]);
  }
  // Text stays what it always was, the message alone: the ids are for machines reading JSON.
  if (format === "text") return msg.replace(CONTROL, escapeControl);
  const object: Record<string, unknown> = { time: record.time.toISOString(), level: record.level, msg };
  for (const [key, value] of fields) if (!(key in object)) object[key] = value;
  return JSON.stringify(object);
}

function escapeControl(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}
