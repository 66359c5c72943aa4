import { describe, expect, it } from "vitest";
import { AGENT_ADAPTERS, DEFAULT_MODELS, MODEL_PRICES, estimateCostUsd, findModelPrice } from "../src/index";

describe("model prices", () => {
  it("finds a model by its id, with a provider prefix or a dated or tagged suffix", () => {
    const sonnet = MODEL_PRICES["claude-sonnet-4-5"];
    for (const name of [
      "claude-sonnet-4-5",
      "claude-sonnet-4-5-20250929",
      "anthropic/claude-sonnet-4-5",
      "Anthropic/Claude-Sonnet-4-5-20250929",
      "claude-sonnet-4-5@20250929",
      "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    ]) {
      expect(findModelPrice(name), name).toBe(sonnet);
    }
    expect(findModelPrice("openai/gpt-5-2025-08-07")).toBe(MODEL_PRICES["gpt-5"]);
    expect(findModelPrice("models/gemini-2.5-pro")).toBe(MODEL_PRICES["gemini-2.5-pro"]);
    expect(findModelPrice("gemini-2.5-flash-preview-09-2025")).toBe(MODEL_PRICES["gemini-2.5-flash"]);
    expect(findModelPrice("gemini-3.1-pro-preview")).toBe(MODEL_PRICES["gemini-3.1-pro"]);
    expect(findModelPrice("openrouter/openai/o3-2025-04-16")).toBe(MODEL_PRICES.o3);
    expect(findModelPrice("claude-opus-4-20250514")).toBe(MODEL_PRICES["claude-opus-4"]);
  });

  it("never prices a different model as a look-alike, and knows nothing it was not told", () => {
    expect(findModelPrice("gpt-5-mini")).toBe(MODEL_PRICES["gpt-5-mini"]);
    expect(findModelPrice("claude-opus-4-5-20251101")).toBe(MODEL_PRICES["claude-opus-4-5"]);
    for (const name of ["claude-opus-4-9", "o3-pro", "gpt-5-chat", "my-local-llama", "constructor", "", null]) {
      expect(findModelPrice(name), String(name)).toBeNull();
    }
  });

  it("estimates input, cached input and output at their own prices", () => {
    // gpt-5: $1.25 in, $0.125 cached, $10 out per million.
    expect(
      estimateCostUsd("gpt-5-codex", { tokensIn: 1_000_000, tokensCached: 400_000, tokensOut: 100_000 }),
    ).toBeCloseTo(0.6 * 1.25 + 0.4 * 0.125 + 0.1 * 10, 10);
    expect(estimateCostUsd("claude-haiku-4-5", { tokensIn: 2_000, tokensOut: 1_000 })).toBeCloseTo(0.007, 10);
    // More cached tokens than input tokens (a tool that counts them apart) are capped.
    expect(estimateCostUsd("gpt-5", { tokensIn: 100, tokensCached: 500, tokensOut: 0 })).toBeCloseTo(
      100 * 0.125e-6,
      12,
    );
    expect(estimateCostUsd("unknown-model", { tokensIn: 1_000, tokensOut: 1_000 })).toBeNull();
  });

  it("names a default model only where one can be known, and every default has a price", () => {
    expect(Object.keys(DEFAULT_MODELS).sort()).toEqual([...AGENT_ADAPTERS].sort());
    for (const model of Object.values(DEFAULT_MODELS)) {
      if (model) expect(findModelPrice(model), model).not.toBeNull();
    }
    expect(DEFAULT_MODELS.codex).toBe("gpt-6.2-sol");
  });
});
