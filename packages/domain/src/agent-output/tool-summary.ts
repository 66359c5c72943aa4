import { MAX_TEXT, clip, isObject, str } from "./json";

/** A tool call's arguments in one line: its path, command or pattern, else the arguments as JSON. */
export function summarizeToolInput(input: unknown): string {
  if (!isObject(input)) return "";
  const first =
    str(input.file_path) ??
    str(input.filePath) ??
    str(input.command) ??
    str(input.pattern) ??
    str(input.path) ??
    str(input.dir_path) ??
    str(input.url) ??
    str(input.query) ??
    str(input.description);
  return clip(first ?? JSON.stringify(input));
}

/** The last `MAX_TEXT` characters of a command's output: the end is where failures are. */
export function tail(text: string): string {
  return text.length > MAX_TEXT ? `…${text.slice(1 - MAX_TEXT)}` : text;
}
