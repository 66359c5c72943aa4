// Small, total readers of one JSON Lines event: nothing here throws on what an agent prints.

/** The longest text an event keeps (a message, a summary, an output tail). */
export const MAX_TEXT = 4_000;

export function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

export type Json = Record<string, unknown>;
export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
export const str = (value: unknown): string | null => (typeof value === "string" ? value : null);
export const num = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) ? value : 0);

export function parseJsonLine(line: string): Json | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith("{")) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}
