import { clip } from "./json";

/** Claude Code's usage-limit text: "Claude AI usage limit reached|<unix seconds>" or "… limit reached ∙ resets 3pm". */
export function detectUsageLimit(text: string): { message: string; resetAt: string | null } | null {
  const epoch = text.match(/usage limit reached\|(\d{9,11})/i);
  if (epoch) return { message: "usage limit reached", resetAt: new Date(Number(epoch[1]) * 1000).toISOString() };
  if (
    /(usage|rate) limit (reached|exceeded)|limit reached.*resets|\b429\b.*(too many requests|rate limit)/i.test(text)
  ) {
    return { message: clip(text.trim()), resetAt: null };
  }
  return null;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MINUTE_MS = 60_000;

/** "8:19 PM" as hours and minutes on a 24-hour clock, or null if it is no such time. */
function clockTime(hour: string, minute: string, meridiem: string): { hours: number; minutes: number } | null {
  const [h, m] = [Number(hour), Number(minute)];
  if (h < 1 || h > 12 || m > 59) return null;
  return { hours: (h % 12) + (meridiem.toUpperCase() === "PM" ? 12 : 0), minutes: m };
}

/**
 * The first moment, from the start of the current minute on, when the local clock reads
 * hours:minutes (today, or tomorrow once today's has passed).
 */
export function nextClockTime(time: { hours: number; minutes: number }, now: Date): Date {
  const at = new Date(now.getFullYear(), now.getMonth(), now.getDate(), time.hours, time.minutes);
  if (at.getTime() + MINUTE_MS <= now.getTime()) at.setDate(at.getDate() + 1);
  return at;
}

// "try again at 8:19 PM" (today) or "try again at Dec 5th, 2026 8:19 PM" (another day), local time.
const CODEX_RESET = /try again at (?:([a-z]{3}) (\d{1,2})(?:st|nd|rd|th)?, (\d{4}) )?(\d{1,2}):(\d{2}) ?([AP]M)/i;

function codexResetAt(text: string, now: Date): string | null {
  const match = text.match(CODEX_RESET);
  if (!match) return null;
  const [, month, day, year, hour, minute, meridiem] = match;
  const time = clockTime(hour!, minute!, meridiem!);
  const monthIndex = month ? MONTHS.indexOf(month.toLowerCase()) : -1;
  if (!time || (month && monthIndex < 0)) return null;
  const at = month
    ? new Date(Number(year), monthIndex, Number(day), time.hours, time.minutes)
    : nextClockTime(time, now);
  // Codex prints the reset to the minute, rounded down: once that minute is over it has surely passed.
  return new Date(at.getTime() + MINUTE_MS).toISOString();
}

/**
 * Codex's usage-limit text, "You've hit your usage limit. … try again at 8:19 PM." (with a date
 * when the reset is another day, or "try again later"). `now` resolves a bare clock time.
 */
export function detectCodexUsageLimit(text: string, now: Date): { message: string; resetAt: string | null } | null {
  if (!/you['’]ve hit your usage limit/i.test(text)) return null;
  return { message: clip(text.trim()), resetAt: codexResetAt(text, now) };
}
