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
