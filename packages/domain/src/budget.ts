import { z } from "zod";

/** Far above any real allowance, low enough that a typo (an extra few zeros) is caught. */
export const MAX_BUDGET_USD = 1_000_000;
export const MAX_BUDGET_TOKENS = 10_000_000_000;

/** A spend limit in US dollars (cost rolled up from sessions). */
export const BudgetUsd = z
  .number({ error: "must be a number of dollars" })
  .refine(Number.isFinite, "must be a finite number")
  .refine((usd) => usd > 0, "must be more than 0")
  .refine((usd) => usd <= MAX_BUDGET_USD, `must be at most ${MAX_BUDGET_USD}`);

/** A limit on tokens in + out, rolled up from sessions. */
export const BudgetTokens = z
  .number({ error: "must be a number of tokens" })
  .int("must be a whole number of tokens")
  .min(1, "must be at least 1")
  .max(MAX_BUDGET_TOKENS, `must be at most ${MAX_BUDGET_TOKENS}`);

/** A flag's text: a number checked by `schema`, or `none` to clear the limit. */
function clearableNumber(schema: z.ZodType<number>) {
  return z
    .string()
    .trim()
    .transform((text, ctx): number | null => {
      if (text.toLowerCase() === "none") return null;
      const value = Number(text.replace(/^\$/, ""));
      const parsed = text === "" || Number.isNaN(value) ? null : schema.safeParse(value);
      if (parsed?.success) return parsed.data;
      ctx.addIssue({ code: "custom", message: parsed?.error.issues[0]?.message ?? "must be a number, or none" });
      return z.NEVER;
    });
}

/** `--budget-usd 5` / `--budget-usd none` (clears it). */
export const BudgetUsdFlag = clearableNumber(BudgetUsd);
/** `--budget-tokens 200000` / `--budget-tokens none` (clears it). */
export const BudgetTokensFlag = clearableNumber(BudgetTokens);

/** What a scope (a task and its subtasks, a spec's tasks, a project) has spent. */
export interface Spend {
  usd: number;
  /** Tokens in + out. */
  tokens: number;
}

export interface Budget {
  budgetUsd: number | null;
  budgetTokens: number | null;
}

/** A limit a scope has reached: which one, how much was spent and allowed. */
export interface BudgetReached {
  metric: "usd" | "tokens";
  spent: number;
  limit: number;
}

/** The first limit reached (dollars before tokens), or null while within both. */
export function budgetReached(spend: Spend, budget: Budget): BudgetReached | null {
  if (budget.budgetUsd !== null && spend.usd >= budget.budgetUsd) {
    return { metric: "usd", spent: spend.usd, limit: budget.budgetUsd };
  }
  if (budget.budgetTokens !== null && spend.tokens >= budget.budgetTokens) {
    return { metric: "tokens", spent: spend.tokens, limit: budget.budgetTokens };
  }
  return null;
}

/** "$1.20"; cents are enough to compare with a budget a person set. */
export function formatUsd(usd: number): string {
  return `$${usd.toFixed(2)}`;
}

function formatTokens(tokens: number): string {
  return `${tokens.toLocaleString("en-US")} tokens`;
}

/** "$5.01 of $5.00" or "120,000 tokens of 100,000 tokens". */
export function describeReached(reached: BudgetReached): string {
  const format = reached.metric === "usd" ? formatUsd : formatTokens;
  return `${format(reached.spent)} of ${format(reached.limit)}`;
}

/** "budget reached: $5.01 of $5.00" — the reason autopilot pauses with. */
export function budgetReason(reached: BudgetReached): string {
  return `budget reached: ${describeReached(reached)}`;
}

/** "spent $1.20 of $5.00", "spent $1.20 of $5.00, 3,000 tokens of 10,000 tokens", or "spent $1.20 (no budget)". */
export function describeSpend(spend: Spend, budget: Budget): string {
  const parts: string[] = [];
  if (budget.budgetUsd !== null) parts.push(`${formatUsd(spend.usd)} of ${formatUsd(budget.budgetUsd)}`);
  if (budget.budgetTokens !== null) parts.push(`${formatTokens(spend.tokens)} of ${formatTokens(budget.budgetTokens)}`);
  if (parts.length === 0) return `spent ${formatUsd(spend.usd)}, ${formatTokens(spend.tokens)} (no budget)`;
  return `spent ${parts.join(", ")}`;
}

/** Whether autopilot paused itself for a budget (raising or clearing the budget resumes it). */
export function isBudgetPause(pauseReason: string | null): boolean {
  return pauseReason?.startsWith("budget reached:") ?? false;
}
