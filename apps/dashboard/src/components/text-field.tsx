import type { ReactNode } from "react";
import { Field } from "./field";

interface TextFieldProps {
  label: string;
  hint?: ReactNode;
  /** The input's name in the request: marked invalid when a failed request names it. */
  name?: string;
  value: string;
  onChange: (value: string) => void;
  /** With rows, a textarea of that many rows; without, a one-line input. */
  rows?: number;
  type?: "text" | "number";
  min?: number;
  max?: number;
  placeholder?: string;
  /** Code-like text (argv elements, variable names): monospace, no spell checking. */
  isCode?: boolean;
  isRequired?: boolean;
  isReadOnly?: boolean;
  /** The control a dialog focuses when it opens. */
  isInitialFocus?: boolean;
  /** Off for names, paths, keys and commands. */
  spellCheck?: boolean;
}

/** A labelled text input or textarea (see Field). */
export function TextField({
  label,
  hint,
  name,
  onChange,
  rows,
  isCode,
  isRequired,
  isReadOnly,
  isInitialFocus,
  ...control
}: TextFieldProps) {
  return (
    <Field label={label} hint={hint} name={name}>
      {(props) => {
        const attributes = {
          ...control,
          ...props,
          ...(isCode ? { className: "mono", spellCheck: false } : {}),
          readOnly: isReadOnly,
          "aria-required": isRequired || undefined,
          "data-autofocus": isInitialFocus || undefined,
        };
        return rows === undefined ? (
          <input {...attributes} onChange={(event) => onChange(event.target.value)} />
        ) : (
          <textarea {...attributes} rows={rows} onChange={(event) => onChange(event.target.value)} />
        );
      }}
    </Field>
  );
}
