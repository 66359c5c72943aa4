import type { Task } from "@maestro/domain";
import { useCan } from "../auth/use-me";
import sectionStyles from "../task/panel/panel-section.module.css";
import { useUpdateTask } from "../task/use-task-mutations";
import { BudgetForm } from "./budget-form";
import { SpendMeter } from "./spend-meter";
import { useTaskSpend } from "./use-spend";

const NOTHING = { usd: 0, tokens: 0 };

/** The task panel's region "Budget": spend of the task and its subtasks against its budget, editable. */
export function TaskBudget({ task }: { task: Task }) {
  const spend = useTaskSpend(task.id);
  const update = useUpdateTask();
  const canEdit = useCan("task.update");
  const budget = { budgetUsd: task.budgetUsd, budgetTokens: task.budgetTokens };
  const own = spend.data ?? NOTHING;
  return (
    <section aria-label="Budget">
      <h3 className={sectionStyles.title}>Budget</h3>
      <SpendMeter scope={`task ${task.key}`} spend={own} budget={budget} />
      {canEdit ? (
        <BudgetForm
          key={`${task.id}-${task.version}`}
          scope={`task ${task.key}`}
          budget={budget}
          onSave={(changes) => update.mutate({ id: task.id, ...changes })}
          isPending={update.isPending}
          error={update.error}
          onDismiss={update.reset}
        />
      ) : null}
    </section>
  );
}
