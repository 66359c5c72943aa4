import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { parseBudgetText, spendFraction, spendText } from "./spend-format";
import { SpendMeter } from "./spend-meter";

const noBudget = { budgetUsd: null, budgetTokens: null };

describe("SpendMeter", () => {
  it("is a meter named for its scope whose value text is the spend against the budget", () => {
    const html = renderToStaticMarkup(
      createElement(SpendMeter, {
        scope: "project WEB",
        spend: { usd: 1.2, tokens: 5000 },
        budget: { budgetUsd: 5, budgetTokens: null },
      }),
    );
    expect(html).toMatch(/<meter[^>]*aria-label="Spend of project WEB"/);
    expect(html).toMatch(/<meter[^>]*aria-valuetext="\$1.20 of \$5.00"/);
    expect(html).toMatch(/<meter[^>]*value="0.24"/);
    expect(html).toContain(">$1.20 of $5.00<");
    expect(html).not.toContain("budget reached");
  });

  it("says when the budget is reached, and shows only the spend without a budget", () => {
    const reached = renderToStaticMarkup(
      createElement(SpendMeter, {
        scope: "task WEB-3",
        spend: { usd: 5.01, tokens: 0 },
        budget: { budgetUsd: 5, budgetTokens: null },
      }),
    );
    expect(reached).toContain("$5.01 of $5.00 — budget reached");
    const unbudgeted = renderToStaticMarkup(
      createElement(SpendMeter, { scope: "spec login", spend: { usd: 0.5, tokens: 10 }, budget: noBudget }),
    );
    expect(unbudgeted).not.toContain("<meter");
    expect(unbudgeted).toContain("$0.50 spent");
  });
});

describe("spend words", () => {
  it("uses tokens when only a token budget is set, and caps the meter at full", () => {
    expect(spendText({ usd: 0, tokens: 1200 }, { budgetUsd: null, budgetTokens: 100_000 })).toBe(
      "1,200 of 100,000 tokens",
    );
    expect(spendFraction({ usd: 9, tokens: 0 }, { budgetUsd: 3, budgetTokens: null })).toBe(1);
    expect(spendFraction({ usd: 9, tokens: 0 }, noBudget)).toBeNull();
  });

  it("reads a blank budget field as no budget", () => {
    expect(parseBudgetText("  ")).toBeNull();
    expect(parseBudgetText("$2.50")).toBe(2.5);
  });
});
