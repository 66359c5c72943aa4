import type { ImportPlan, ImportPlanTask, ImportWarning } from "@maestro/domain";
import type { ReactNode } from "react";
import { EmptyState } from "../../components/empty-state";
import { TableHead } from "../../components/table-head";
import { TaskStatusBadge } from "../task/task-status-badge";
import styles from "./import-dialog.module.css";
import { countsLine, hasChanges } from "./import-plan";

type PlanAction = ImportPlanTask["action"];

const ACTION_LABELS: Record<PlanAction, string> = { create: "Create", update: "Update", unchanged: "Unchanged" };
const ACTION_CLASSES: Record<PlanAction, string> = {
  create: "hint hint--ok",
  update: "hint hint--accent",
  unchanged: "hint",
};

/**
 * What an import will do: the counts, the held notice when autopilot is on, list "Warnings" (one
 * line per item), table "Tasks to import" (Action, Key, Title, Status), lists "Specs" and
 * "Steering"; "Nothing to import" when every item is already up to date.
 */
export function ImportPlanView({ plan }: { plan: ImportPlan }) {
  return (
    <div className={styles.plan}>
      <p role="status">{countsLine(plan)}</p>
      {plan.held ? (
        <p className="notice">
          Autopilot is on for {plan.projectKey}: imported tasks are created held, and autopilot starts one only after
          you release it.
        </p>
      ) : null}
      {plan.warnings.length > 0 ? <WarningList warnings={plan.warnings} /> : null}
      {hasChanges(plan) ? null : (
        <EmptyState title="Nothing to import">
          <p>
            {plan.tasks.length + plan.specs.length + plan.steering.length === 0
              ? "The source holds no tasks, specs or steering documents."
              : "Everything in this source is already in the project as it is."}
          </p>
        </EmptyState>
      )}
      {plan.tasks.length > 0 ? <TaskTable tasks={plan.tasks} /> : null}
      {plan.specs.length > 0 ? (
        <PlanList label="Specs">
          {plan.specs.map((spec) => (
            <li key={spec.sourceId}>
              <ActionBadge action={spec.action} /> {spec.name} <span className="mono">{spec.slug}</span>{" "}
              <span className="muted">{spec.documents.join(", ")}</span>
            </li>
          ))}
        </PlanList>
      ) : null}
      {plan.steering.length > 0 ? (
        <PlanList label="Steering">
          {plan.steering.map((document) => (
            <li key={document.name}>
              <ActionBadge action={document.action} /> <span className="mono">{document.name}.md</span>
            </li>
          ))}
        </PlanList>
      ) : null}
    </div>
  );
}

function ActionBadge({ action }: { action: PlanAction }) {
  return <span className={ACTION_CLASSES[action]}>{ACTION_LABELS[action]}</span>;
}

function TaskTable({ tasks }: { tasks: ImportPlanTask[] }) {
  return (
    <div className={styles.tableScroll} tabIndex={0}>
      <table className="data-table" aria-label="Tasks to import">
        <TableHead columns={["Action", "Key", "Title", "Status"]} />
        <tbody>
          {tasks.map((task) => (
            <tr key={task.sourceId}>
              <td>
                <ActionBadge action={task.action} />
              </td>
              <td className={`task-key ${styles.key}`}>{task.key}</td>
              <td>
                {task.title}
                {task.action === "update" && task.changes.length > 0 ? (
                  <span className={styles.changes}>changes {task.changes.join(", ")}</span>
                ) : null}
              </td>
              <td>
                <TaskStatusBadge status={task.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function WarningList({ warnings }: { warnings: ImportWarning[] }) {
  return (
    <PlanList label="Warnings">
      {warnings.map((warning, index) => (
        <li key={index} className={styles.warning}>
          <span className="mono">{warning.item}</span>: {warning.message}
        </li>
      ))}
    </PlanList>
  );
}

/** A titled list of the plan ("Warnings", "Specs", "Steering"), named by its title; a long one scrolls. */
function PlanList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <section aria-label={label}>
      <h3 className={styles.listTitle}>{label}</h3>
      {/* Focusable so a keyboard can scroll it too. */}
      <ul className={styles.list} tabIndex={0}>
        {children}
      </ul>
    </section>
  );
}
