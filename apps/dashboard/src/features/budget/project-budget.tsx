import type { Project } from "@maestro/domain";
import { useCan } from "../auth/use-me";
import { useUpdateProject } from "../project/use-project-mutations";
import { BudgetForm } from "./budget-form";
import styles from "./project-budget.module.css";
import { SpendMeter } from "./spend-meter";
import { useProjectSpend } from "./use-spend";

/** The project header's spend meter, with its budget editable in a disclosure "Edit budget". */
export function ProjectBudget({ project }: { project: Project }) {
  const spend = useProjectSpend(project.id);
  const update = useUpdateProject();
  const canEdit = useCan("project.update");
  const budget = { budgetUsd: project.settings.budgetUsd, budgetTokens: project.settings.budgetTokens };
  return (
    <div className={styles.budget}>
      {spend.data ? <SpendMeter scope={`project ${project.key}`} spend={spend.data} budget={budget} /> : null}
      {canEdit ? (
        <details>
          <summary>Edit budget</summary>
          <BudgetForm
            key={`${budget.budgetUsd}-${budget.budgetTokens}`}
            scope={`project ${project.key}`}
            budget={budget}
            fieldPrefix="settings"
            onSave={(settings) => update.mutate({ id: project.id, settings })}
            isPending={update.isPending}
            error={update.error}
            onDismiss={update.reset}
          />
        </details>
      ) : null}
    </div>
  );
}
