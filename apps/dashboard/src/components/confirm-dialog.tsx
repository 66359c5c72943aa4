import type { FormEvent, ReactNode } from "react";
import { ErrorAlert } from "./error-alert";
import { FormActions } from "./form-actions";
import { ModalDialog } from "./modal-dialog";

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** The request confirming sends: its error shows above the buttons. */
  request: { isPending: boolean; error: unknown };
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before something destructive; the confirm button names the action. */
export function ConfirmDialog({ title, children, confirmLabel, request, onConfirm, onClose }: ConfirmDialogProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onConfirm();
  };
  return (
    <ModalDialog title={title} onClose={onClose}>
      <form onSubmit={submit}>
        <div className="modal-body">{children}</div>
        <ErrorAlert error={request.error} />
        <FormActions
          submitLabel={confirmLabel}
          pendingLabel="Deleting…"
          isPending={request.isPending}
          onCancel={onClose}
          isDanger
        />
      </form>
    </ModalDialog>
  );
}
