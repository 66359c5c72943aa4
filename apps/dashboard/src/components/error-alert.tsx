import { describeError } from "../lib/errors";

interface ErrorAlertProps {
  error: unknown;
  onDismiss?: () => void;
}

/** A server or network failure, shown as the server phrased it (the alert's text is exactly that). */
export function ErrorAlert({ error, onDismiss }: ErrorAlertProps) {
  if (!error) return null;
  return (
    <div className="alert">
      <span role="alert">{describeError(error).message}</span>
      {onDismiss ? (
        <button type="button" className="button button--ghost button--small" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
