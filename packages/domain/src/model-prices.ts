/** A model's list price in US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  /** Input read from the provider's prompt cache; absent where the provider has no such price. */
  cachedInput?: number;
  output: number;
}

const price = (input: number, cachedInput: number, output: number): ModelPrice => ({ input, cachedInput, output });

/**
 * List prices (standard tier, no batch or priority discount) taken 2026-12-04 from the vendors'
 * pricing pages (docs.anthropic.com about-claude/pricing, platform.openai.com docs/pricing,
 * ai.google.dev gemini-api/docs/pricing) and dated summaries of them. Gemini Pro models are priced
 * at their ≤200K-token-prompt rate. Maintained by hand: a model that is not here gets no estimate.
 * Keys are model ids without provider prefix or date suffix (see findModelPrice).
 */
export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  // Anthropic: a cache hit costs a tenth of the input price.
  "claude-opus-4": price(15, 1.5, 75),
  "claude-opus-4-1": price(15, 1.5, 75),
  "claude-opus-4-5": price(5, 0.5, 25),
  "claude-opus-4-6": price(5, 0.5, 25),
  "claude-sonnet-4": price(3, 0.3, 15),
  "claude-sonnet-4-5": price(3, 0.3, 15),
  "claude-sonnet-4-6": price(3, 0.3, 15),
  "claude-haiku-4-5": price(1, 0.1, 5),
  "claude-3-5-haiku": price(0.8, 0.08, 4),
  "claude-3-7-sonnet": price(3, 0.3, 15),
  // OpenAI: GPT-5 family (the Codex models cost what their base model costs), then the o-series.
  "gpt-5": price(1.25, 0.125, 10),
  "gpt-5-codex": price(1.25, 0.125, 10),
  "gpt-5-mini": price(0.25, 0.025, 2),
  "gpt-5-nano": price(0.05, 0.005, 0.4),
  "gpt-5.1": price(1.25, 0.125, 10),
  "gpt-5.1-codex": price(1.25, 0.125, 10),
  "gpt-5.1-codex-max": price(1.25, 0.125, 10),
  "gpt-5.1-codex-mini": price(0.25, 0.025, 2),
  "gpt-5.2": price(1.75, 0.175, 14),
  "gpt-5.2-codex": price(1.75, 0.175, 14),
  "gpt-5.3-codex": price(1.75, 0.175, 14),
  "gpt-5.4": price(2.5, 0.25, 15),
  "gpt-5.4-mini": price(0.75, 0.075, 4.5),
  "gpt-5.5": price(5, 0.5, 30),
  "gpt-6.2-sol": price(2, 0.1, 10),
  "gpt-4.1": price(2, 0.5, 8),
  "gpt-4.1-mini": price(0.4, 0.1, 1.6),
  "gpt-4o": price(2.5, 1.25, 10),
  "gpt-4o-mini": price(0.15, 0.075, 0.6),
  o1: price(15, 7.5, 60),
  o3: price(2, 0.5, 8),
  "o3-mini": price(1.1, 0.55, 4.4),
  "o4-mini": price(1.1, 0.275, 4.4),
  // Google: context-caching price as the cached input.
  "gemini-2.5-pro": price(1.25, 0.125, 10),
  "gemini-2.5-flash": price(0.3, 0.03, 2.5),
  "gemini-2.5-flash-lite": price(0.1, 0.01, 0.4),
  "gemini-3-pro": price(2, 0.2, 12),
  "gemini-3.1-pro": price(2, 0.2, 12),
  "gemini-3-flash": price(0.5, 0.05, 3),
  "gemini-3.1-flash-lite": price(0.25, 0.025, 1.5),
};
