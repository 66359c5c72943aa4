import type { ReactNode } from "react";
import { ErrorAlert } from "./error-alert";
import { ModalDialog } from "./modal-dialog";

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  isPending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before something destructive; the confirm button names the action. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  isPending,
  error,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  return (
    <ModalDialog title={title} onClose={onClose}>
      <div className="modal-body">{children}</div>
      <ErrorAlert error={error} />
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button button--danger" onClick={onConfirm} disabled={isPending}>
          {isPending ? "Deleting…" : confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
