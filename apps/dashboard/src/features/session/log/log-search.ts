import type { LogLine } from "./log-buffer";

/** More matches than this are not counted (the view says "10000+"). */
export const MAX_MATCHES = 10_000;

export interface LogMatch {
  row: number;
  /** Which occurrence within the row (0-based). */
  occurrence: number;
}

/** Start offsets of every (case-insensitive, non-overlapping) occurrence of `needle` in `text`. */
export function occurrences(text: string, needle: string): number[] {
  if (!needle) return [];
  const haystack = text.toLowerCase();
  const found: number[] = [];
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) found.push(at);
  return found;
}

export function findMatches(rows: readonly LogLine[], query: string): LogMatch[] {
  const needle = query.toLowerCase();
  if (!needle) return [];
  const matches: LogMatch[] = [];
  for (let row = 0; row < rows.length && matches.length < MAX_MATCHES; row++) {
    const plain = rows[row]!.plain;
    if (!plain.toLowerCase().includes(needle)) continue;
    const count = occurrences(plain, needle).length;
    for (let occurrence = 0; occurrence < count && matches.length < MAX_MATCHES; occurrence++) {
      matches.push({ row, occurrence });
    }
  }
  return matches;
}
