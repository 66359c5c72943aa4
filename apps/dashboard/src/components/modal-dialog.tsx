import { type ReactNode, useEffect, useId, useRef } from "react";

interface ModalDialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** For longer forms: 620px instead of 480px. */
  isWide?: boolean;
}

/**
 * A native modal <dialog>: the browser traps focus, makes the page inert, closes on Escape and
 * gives focus back to the opener. Mount it to open it, unmount it to close it.
 */
export function ModalDialog({ title, onClose, children, isWide = false }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    // showModal focuses the first focusable element; forms point at a better one.
    dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    // No close() on cleanup: unmounting removes the dialog from the top layer anyway, and a
    // close() here would fire a late "close" event (StrictMode remounts would then shut it).
  }, []);

  return (
    <dialog ref={ref} className={isWide ? "modal modal--wide" : "modal"} aria-labelledby={titleId} onClose={onClose}>
      <div className="modal-header">
        <h2 id={titleId}>{title}</h2>
      </div>
      {children}
      <button type="button" className="modal-close" aria-label="Close dialog" onClick={onClose}>
        ×
      </button>
    </dialog>
  );
}
