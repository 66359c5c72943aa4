import type { FormEvent, ReactNode } from "react";
import { describeError } from "../lib/errors";
import { ErrorAlert } from "./error-alert";
import { FormActions } from "./form-actions";
import { InvalidFieldContext } from "./invalid-field";
import { ModalDialog } from "./modal-dialog";

interface FormDialogProps {
  title: string;
  isWide?: boolean;
  /** The submit button's label, and its label while the request runs. */
  submitLabel: string;
  pendingLabel?: string;
  /** The request the form sends: its error shows above the buttons and marks the field it names. */
  request: { isPending: boolean; error: unknown };
  /** The field to mark instead, when the form's own check failed. */
  invalidField?: string | null;
  onSubmit: () => void;
  onClose: () => void;
  /** The fields. */
  children: ReactNode;
}

/** A modal form: its fields, the request's error, then "Cancel" and the submit button. */
export function FormDialog(props: FormDialogProps) {
  const { title, isWide, submitLabel, pendingLabel, request, invalidField, onSubmit, onClose, children } = props;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <ModalDialog title={title} onClose={onClose} isWide={isWide}>
      <form className="form" onSubmit={submit} noValidate>
        <InvalidFieldContext value={invalidField ?? describeError(request.error).field}>{children}</InvalidFieldContext>
        <ErrorAlert error={request.error} />
        <FormActions
          submitLabel={submitLabel}
          pendingLabel={pendingLabel}
          isPending={request.isPending}
          onCancel={onClose}
        />
      </form>
    </ModalDialog>
  );
}

type CreateDialogProps = Omit<FormDialogProps, "title" | "submitLabel" | "pendingLabel"> & {
  /** What it creates: "New <thing>", button "Create <thing>". */
  thing: string;
};

/** The dialog that creates a thing (project, task, spec): every one reads the same. */
export function CreateDialog({ thing, ...props }: CreateDialogProps) {
  return <FormDialog {...props} title={`New ${thing}`} submitLabel={`Create ${thing}`} pendingLabel="Creating…" />;
}
