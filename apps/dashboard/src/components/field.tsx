import { type ReactNode, useId } from "react";
import { useIsInvalid } from "./invalid-field";

interface FieldProps {
  label: string;
  hint?: ReactNode;
  /** The input's name in the request: the control is marked invalid when a failed request names it. */
  name?: string;
  children: (control: { id: string; "aria-describedby": string | undefined; "aria-invalid": boolean }) => ReactNode;
}

/** A labelled form control with an optional hint; the label is the control's accessible name. */
export function Field({ label, hint, name, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const isInvalid = useIsInvalid(name);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-describedby": hint ? hintId : undefined, "aria-invalid": isInvalid })}
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
