import { type LogFields, type LogFormat, type LogLevel, formatLogLine, isLevelEnabled } from "@maestro/domain";

/**
 * The server's one way to log. Called as a function it logs at `info`: every part of the server
 * takes a `log(line)` and keeps doing so; the levels and ids are for where they are known.
 */
export interface Logger {
  (line: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  isEnabled(level: LogLevel): boolean;
  /** Values never to be written (the owner's and runners' tokens), added once they are known. */
  addSecrets(...secrets: string[]): void;
  readonly format: LogFormat;
  /** The least severe level written. */
  readonly level: LogLevel;
}

export interface LoggerOptions {
  /** `text` (default): the message alone, as always; `json`: one object per line (MAESTRO_LOG_FORMAT). */
  format?: LogFormat;
  /** The least severe level written (default info; MAESTRO_LOG_LEVEL). */
  level?: LogLevel;
  /** Where a finished line goes (default: stderr). */
  write?: (line: string) => void;
  now?: () => Date;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const format = options.format ?? "text";
  const threshold = options.level ?? "info";
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const secrets: string[] = [];
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (!isLevelEnabled(level, threshold)) return;
    write(formatLogLine({ time: now(), level, msg, fields }, format, secrets));
  };
  const logger = ((line: string, fields?: LogFields) => emit("info", line, fields)) as Logger;
  return Object.assign(logger, {
    debug: (msg: string, fields?: LogFields) => emit("debug", msg, fields),
    info: (msg: string, fields?: LogFields) => emit("info", msg, fields),
    warn: (msg: string, fields?: LogFields) => emit("warn", msg, fields),
    error: (msg: string, fields?: LogFields) => emit("error", msg, fields),
    isEnabled: (level: LogLevel) => isLevelEnabled(level, threshold),
    addSecrets: (...added: string[]) => secrets.push(...added.filter(Boolean)),
    format,
    level: threshold,
  });
}
