import type { ImportInput, ImportPlan } from "@maestro/domain";
import type { FormEvent } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { FORMAT_LABELS } from "./import-formats";
import { hasChanges, importLabel } from "./import-plan";
import { ImportPlanView } from "./import-plan-view";
import { useApplyImport } from "./use-import";
import styles from "./import-dialog.module.css";

interface ImportPreviewProps {
  input: ImportInput;
  plan: ImportPlan;
  onBack: () => void;
  onApplied: (plan: ImportPlan) => void;
  onClose: () => void;
}

/**
 * The second step: the plan, then "Back" and "Import N tasks" (which sends the same request again
 * to be applied); with nothing to do, "Back" and "Close" only.
 */
export function ImportPreview({ input, plan, onBack, onApplied, onClose }: ImportPreviewProps) {
  const apply = useApplyImport();
  const canApply = hasChanges(plan);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (apply.isPending || !canApply) return;
    apply.mutate(input, { onSuccess: onApplied });
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className={`muted ${styles.line}`}>
        {FORMAT_LABELS[plan.format]} · source <span className="mono">{plan.source}</span>
      </p>
      <ImportPlanView plan={plan} />
      <ErrorAlert error={apply.error} />
      <div className="modal-actions">
        <button type="button" className="button" onClick={onBack}>
          Back
        </button>
        {canApply ? (
          <button type="submit" className="button button--primary" aria-busy={apply.isPending} autoFocus>
            {apply.isPending ? "Importing…" : importLabel(plan)}
          </button>
        ) : (
          <button type="button" className="button button--primary" onClick={onClose} autoFocus>
            Close
          </button>
        )}
      </div>
    </form>
  );
}
