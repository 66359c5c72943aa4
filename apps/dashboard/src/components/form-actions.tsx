interface FormActionsProps {
  /** The submit button's label ("Create task"); it names what the dialog does. */
  submitLabel: string;
  /** The label while the request runs ("Creating…"); without it the button keeps its label. */
  pendingLabel?: string;
  isPending: boolean;
  onCancel: () => void;
  /** A destructive confirmation: a red button, and "Cancel" takes the first focus. */
  isDanger?: boolean;
}

/**
 * A dialog form's footer: buttons "Cancel" and submit. While the request runs the submit button
 * is aria-busy rather than disabled (a disabled button would drop keyboard focus) and a second
 * submit, by click or Enter, is ignored.
 */
export function FormActions({ submitLabel, pendingLabel, isPending, onCancel, isDanger = false }: FormActionsProps) {
  return (
    <div className="modal-actions">
      <button type="button" className="button" onClick={onCancel} data-autofocus={isDanger || undefined}>
        Cancel
      </button>
      <button
        type="submit"
        className={isDanger ? "button button--danger" : "button button--primary"}
        aria-busy={isPending}
        onClick={(event) => {
          if (isPending) event.preventDefault();
        }}
      >
        {isPending ? (pendingLabel ?? submitLabel) : submitLabel}
      </button>
    </div>
  );
}
