import type { Project } from "@maestro/domain";
import { SpendMeter } from "./spend-meter";
import { useProjectSpend } from "./use-spend";

const NOTHING = { usd: 0, tokens: 0 };

/**
 * What a spec's tasks spent, against the project's budget (a spec has none of its own): meter
 * "Spend of spec <slug>".
 */
export function SpecSpend({ project, specId, slug }: { project: Project; specId: string; slug: string }) {
  const spend = useProjectSpend(project.id);
  const own = spend.data?.specs.find((row) => row.specId === specId) ?? NOTHING;
  const budget = { budgetUsd: project.settings.budgetUsd, budgetTokens: project.settings.budgetTokens };
  const hasBudget = budget.budgetUsd !== null || budget.budgetTokens !== null;
  return (
    <span>
      <SpendMeter scope={`spec ${slug}`} spend={own} budget={budget} />
      {hasBudget ? <span className="muted"> of the project's budget</span> : null}
    </span>
  );
}
