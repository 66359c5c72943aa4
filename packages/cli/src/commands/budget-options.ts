import { BudgetTokens, BudgetTokensFlag, BudgetUsd, BudgetUsdFlag } from "@maestro/domain";
import type { OptionSpec } from "../command";

/** `--budget-usd` and `--budget-tokens`, on projects and tasks; `none` clears a budget. */
export function budgetOptionSpecs(scope: "project" | "task"): OptionSpec[] {
  const what = scope === "project" ? "the project's sessions" : "this task's and its subtasks' sessions";
  return [
    {
      flags: "--budget-usd <dollars>",
      description: `stop ${what} and hold back their work once they cost this much, or none`,
      schema: BudgetUsdFlag,
    },
    {
      flags: "--budget-tokens <n>",
      description: `the same for tokens in + out, or none`,
      schema: BudgetTokensFlag,
    },
  ];
}

// The option parser already turned the text into a number (or null for none); these only type it.
const UsdValue = BudgetUsd.nullable().optional();
const TokensValue = BudgetTokens.nullable().optional();

/** Commander stores an option parser's null as "" (its rule for options without a value): that is `none`. */
const cleared = (value: unknown) => (value === "" ? null : value);

/** The budgets named on the command line: undefined when left out, null when cleared. */
export function budgetOptions(options: Record<string, unknown>) {
  return {
    budgetUsd: UsdValue.parse(cleared(options.budgetUsd)),
    budgetTokens: TokensValue.parse(cleared(options.budgetTokens)),
  };
}
