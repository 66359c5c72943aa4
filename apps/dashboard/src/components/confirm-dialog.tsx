import type { FormEvent, ReactNode } from "react";
import { ErrorAlert } from "./error-alert";
import { FormActions } from "./form-actions";
import { ModalDialog } from "./modal-dialog";

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** The confirm button's label while the request runs. */
  pendingLabel?: string;
  /** The request confirming sends: its error shows above the buttons. */
  request: { isPending: boolean; error: unknown };
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before something destructive; the confirm button names the action. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { title, children, confirmLabel, pendingLabel = "Deleting…", request, onConfirm, onClose } = props;
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
          pendingLabel={pendingLabel}
          isPending={request.isPending}
          onCancel={onClose}
          isDanger
        />
      </form>
    </ModalDialog>
  );
}
