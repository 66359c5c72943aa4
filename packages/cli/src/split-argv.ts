import { UsageError } from "./errors";

/**
 * Splits an argv template written on one line (`./agent.sh --file "{promptFile}"`) into its
 * elements, honouring single quotes, double quotes and backslashes the way a shell would. It only
 * splits: the result is spawned as an argv array, never handed to a shell.
 */
export function splitArgv(line: string): string[] {
  const args: string[] = [];
  let current = "";
  let hasToken = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote === "'") {
      if (char === "'") quote = null;
      else current += char;
    } else if (char === "\\" && i + 1 < line.length && (quote === null || /["\\$`]/.test(line[i + 1]!))) {
      current += line[++i];
      hasToken = true;
    } else if (quote === '"') {
      if (char === '"') quote = null;
      else current += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      hasToken = true;
    } else if (/\s/.test(char)) {
      if (hasToken) args.push(current);
      current = "";
      hasToken = false;
    } else {
      current += char;
      hasToken = true;
    }
  }
  if (quote) throw new UsageError(`unclosed ${quote} quote in "${line}"`);
  if (hasToken) args.push(current);
  return args;
}
