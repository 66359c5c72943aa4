import { type Budget, type Spend, formatUsd } from "@maestro/domain";

/** The meter's words: "$1.20 of $5.00", "1,200 of 100,000 tokens", or "$1.20 spent" without a budget. */
export function spendText(spend: Spend, budget: Budget): string {
  if (budget.budgetUsd !== null) return `${formatUsd(spend.usd)} of ${formatUsd(budget.budgetUsd)}`;
  if (budget.budgetTokens !== null) {
    return `${spend.tokens.toLocaleString("en-US")} of ${budget.budgetTokens.toLocaleString("en-US")} tokens`;
  }
  return `${formatUsd(spend.usd)} spent`;
}

/** How full the budget is, 0–1 (past 1 is shown full); null without a budget. Dollars win over tokens. */
export function spendFraction(spend: Spend, budget: Budget): number | null {
  const fraction =
    budget.budgetUsd !== null
      ? spend.usd / budget.budgetUsd
      : budget.budgetTokens !== null
        ? spend.tokens / budget.budgetTokens
        : null;
  return fraction === null ? null : Math.min(1, fraction);
}

/** A budget field's text as the request wants it: blank is no budget, anything else a number (the server checks it). */
export function parseBudgetText(text: string): number | null {
  const trimmed = text.trim().replace(/^\$/, "");
  return trimmed === "" ? null : Number(trimmed);
}

export function budgetFieldText(value: number | null): string {
  return value === null ? "" : String(value);
}
