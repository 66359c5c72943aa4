import type { AgentAdapter } from "./agent";
import { MODEL_PRICES, type ModelPrice } from "./model-prices";

/**
 * The model a tool runs when neither its output nor the profile names one, for the estimate.
 * Codex 0.171 asks for `gpt-6.2-sol` (seen in its requests). The others have none that can be
 * known: Claude Code, OpenCode and Aider report their own cost, Gemini CLI names the model of
 * every usage, and what OpenCode or Aider run otherwise comes from the user's own configuration.
 */
export const DEFAULT_MODELS: Readonly<Record<AgentAdapter, string | null>> = {
  "claude-code": null,
  codex: "gpt-6.2-sol",
  gemini: null,
  aider: null,
  opencode: null,
  custom: null,
  shell: null,
};

/** One part of what providers append to a model id: a date (20250929, 2025-08-07), `latest`, a preview or version tag. */
const SUFFIX_PART = /^(\d{2,8}|latest|preview|exp|customtools|v\d+(:\d+)?)$/;

/** The id without what routes it: `anthropic/claude-sonnet-4-5`, `us.anthropic.claude-…` → `claude-…`. */
function baseName(model: string): string {
  const name = model.trim().toLowerCase().split("/").at(-1) ?? "";
  return name.replace(/^([a-z]{2}\.)?anthropic\./, "").slice(0, 200);
}

const isSuffix = (rest: string) => rest.split("-").every((part) => SUFFIX_PART.test(part));

/**
 * A model's list price, tolerating a provider prefix (`openai/gpt-5`, `models/gemini-2.5-pro`)
 * and a dated or tagged suffix (`claude-sonnet-4-5-20250929`, `gemini-2.5-pro-preview-06-05`).
 * Only such a suffix is ignored: `gpt-5-mini` is never priced as `gpt-5`.
 */
export function findModelPrice(model: string | null | undefined): ModelPrice | null {
  if (!model) return null;
  const name = baseName(model);
  if (Object.hasOwn(MODEL_PRICES, name)) return MODEL_PRICES[name]!;
  let best: string | null = null;
  for (const key of Object.keys(MODEL_PRICES)) {
    if (name.length <= key.length + 1 || !name.startsWith(key) || !"-@".includes(name[key.length]!)) continue;
    if (isSuffix(name.slice(key.length + 1)) && (!best || key.length > best.length)) best = key;
  }
  return best ? MODEL_PRICES[best]! : null;
}

export interface TokenUsage {
  /** All input tokens, cached ones included. */
  tokensIn: number;
  /** Of `tokensIn`, those read from the provider's prompt cache. */
  tokensCached?: number;
  tokensOut: number;
}

/** The list-price cost of some tokens on `model`, or null when the model's price is not known. */
export function estimateCostUsd(model: string | null | undefined, usage: TokenUsage): number | null {
  const prices = findModelPrice(model);
  if (!prices) return null;
  const cached = Math.min(Math.max(usage.tokensCached ?? 0, 0), usage.tokensIn);
  const cachedPrice = prices.cachedInput ?? prices.input;
  const dollars = (usage.tokensIn - cached) * prices.input + cached * cachedPrice + usage.tokensOut * prices.output;
  return dollars / 1_000_000;
}
