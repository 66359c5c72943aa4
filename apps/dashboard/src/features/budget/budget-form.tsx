import type { Budget } from "@maestro/domain";
import { type FormEvent, useState } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { InvalidFieldContext } from "../../components/invalid-field";
import { TextField } from "../../components/text-field";
import { describeError } from "../../lib/errors";
import { budgetFieldText, parseBudgetText } from "./spend-format";

interface BudgetFormProps {
  /** What the budget is of, e.g. "project WEB": the form's accessible name is "Budget of <scope>". */
  scope: string;
  budget: Budget;
  /** The request's name for the fields' parent, e.g. "settings" for a project: failed fields are marked. */
  fieldPrefix?: string;
  onSave: (budget: Budget) => void;
  isPending: boolean;
  error: unknown;
  onDismiss: () => void;
}

/** Both budget fields take a non-negative number. */
const AMOUNT = { type: "number", min: 0 } as const;

/** "Budget (USD)" and "Budget (tokens)" with "Save budget"; a blank field is no budget. */
export function BudgetForm({ scope, budget, fieldPrefix, onSave, isPending, error, onDismiss }: BudgetFormProps) {
  const [usd, setUsd] = useState(budgetFieldText(budget.budgetUsd));
  const [tokens, setTokens] = useState(budgetFieldText(budget.budgetTokens));
  const name = (field: string) => (fieldPrefix ? `${fieldPrefix}.${field}` : field);
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!isPending) onSave({ budgetUsd: parseBudgetText(usd), budgetTokens: parseBudgetText(tokens) });
  };
  return (
    <InvalidFieldContext value={describeError(error).field}>
      <form className="form" onSubmit={save} noValidate aria-label={`Budget of ${scope}`}>
        <div className="form-row">
          <TextField label="Budget (USD)" name={name("budgetUsd")} value={usd} onChange={setUsd} {...AMOUNT} />
          <TextField
            label="Budget (tokens)"
            name={name("budgetTokens")}
            value={tokens}
            onChange={setTokens}
            hint="Blank: no budget. Reaching one stops its sessions and holds its work back."
            {...AMOUNT}
          />
        </div>
        <ErrorAlert error={error} onDismiss={onDismiss} />
        <div className="form-actions">
          <button type="submit" className="button button--small" aria-busy={isPending}>
            Save budget
          </button>
        </div>
      </form>
    </InvalidFieldContext>
  );
}
