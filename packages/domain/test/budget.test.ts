import { describe, expect, it } from "vitest";
import {
  BudgetTokensFlag,
  BudgetUsdFlag,
  CreateTaskInput,
  ProjectSettingsPatch,
  UpdateTaskInput,
  budgetReached,
  budgetReason,
  describeSpend,
} from "../src/index";

const issueOf = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  result.error?.issues[0];

describe("budget inputs", () => {
  it("takes a positive dollar budget on a task and clears it with null", () => {
    expect(CreateTaskInput.parse({ projectId: "p", title: "t", budgetUsd: 5 }).budgetUsd).toBe(5);
    expect(CreateTaskInput.parse({ projectId: "p", title: "t" }).budgetUsd).toBeNull();
    expect(UpdateTaskInput.parse({ id: "t", budgetUsd: null }).budgetUsd).toBeNull();
  });

  it("refuses zero, negative, absurd and fractional-token budgets, naming the field", () => {
    for (const [field, value, message] of [
      ["budgetUsd", 0, "must be more than 0"],
      ["budgetUsd", -1, "must be more than 0"],
      ["budgetUsd", 5_000_000, "must be at most 1000000"],
      ["budgetTokens", 1.5, "must be a whole number of tokens"],
      ["budgetTokens", 0, "must be at least 1"],
    ] as const) {
      const issue = issueOf(UpdateTaskInput.safeParse({ id: "t", [field]: value }));
      expect(issue?.path).toEqual([field]);
      expect(issue?.message).toBe(message);
    }
  });

  it("keeps project budgets in the settings patch", () => {
    expect(ProjectSettingsPatch.parse({ budgetUsd: 2.5, budgetTokens: 1000 })).toEqual({
      budgetUsd: 2.5,
      budgetTokens: 1000,
    });
    expect(issueOf(ProjectSettingsPatch.safeParse({ budgetUsd: -2 }))?.path).toEqual(["budgetUsd"]);
  });

  it("parses the CLI's text: a number, $5, or none to clear", () => {
    expect(BudgetUsdFlag.parse("5")).toBe(5);
    expect(BudgetUsdFlag.parse("$1.50")).toBe(1.5);
    expect(BudgetUsdFlag.parse("none")).toBeNull();
    expect(BudgetTokensFlag.parse("200000")).toBe(200_000);
    expect(issueOf(BudgetUsdFlag.safeParse("five"))?.message).toBe("must be a number, or none");
    expect(issueOf(BudgetUsdFlag.safeParse("0"))?.message).toBe("must be more than 0");
    expect(issueOf(BudgetTokensFlag.safeParse("2.5"))?.message).toBe("must be a whole number of tokens");
  });
});

describe("budgetReached", () => {
  it("is reached at the limit, dollars first, and not below it", () => {
    const budget = { budgetUsd: 5, budgetTokens: 1000 };
    expect(budgetReached({ usd: 4.99, tokens: 999 }, budget)).toBeNull();
    expect(budgetReached({ usd: 5, tokens: 2000 }, budget)).toEqual({ metric: "usd", spent: 5, limit: 5 });
    expect(budgetReached({ usd: 1, tokens: 1000 }, budget)).toEqual({ metric: "tokens", spent: 1000, limit: 1000 });
    expect(budgetReached({ usd: 100, tokens: 1e9 }, { budgetUsd: null, budgetTokens: null })).toBeNull();
  });

  it("says it in words a person can act on", () => {
    expect(budgetReason({ metric: "usd", spent: 5.011, limit: 5 })).toBe("budget reached: $5.01 of $5.00");
    expect(budgetReason({ metric: "tokens", spent: 120_000, limit: 100_000 })).toBe(
      "budget reached: 120,000 tokens of 100,000 tokens",
    );
    expect(describeSpend({ usd: 1.2, tokens: 10 }, { budgetUsd: 5, budgetTokens: null })).toBe("spent $1.20 of $5.00");
    expect(describeSpend({ usd: 1.2, tokens: 10 }, { budgetUsd: null, budgetTokens: null })).toBe(
      "spent $1.20, 10 tokens (no budget)",
    );
  });
});
