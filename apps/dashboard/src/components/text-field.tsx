import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";
import { Field } from "./field";

interface FieldTextProps {
  label: string;
  hint?: ReactNode;
  /** Set when the server's error names this field. */
  isInvalid?: boolean;
  value: string;
  onChange: (value: string) => void;
}

type Controlled = "id" | "value" | "onChange";

/** A labelled text input (see Field); other props go to the <input>. */
export function TextField({
  label,
  hint,
  isInvalid,
  onChange,
  ...input
}: FieldTextProps & Omit<InputHTMLAttributes<HTMLInputElement>, Controlled>) {
  return (
    <Field label={label} hint={hint} isInvalid={isInvalid}>
      {(props) => <input {...input} {...props} onChange={(event) => onChange(event.target.value)} />}
    </Field>
  );
}

/** A labelled textarea (see Field); other props go to the <textarea>. */
export function TextAreaField({
  label,
  hint,
  isInvalid,
  onChange,
  ...textarea
}: FieldTextProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, Controlled>) {
  return (
    <Field label={label} hint={hint} isInvalid={isInvalid}>
      {(props) => <textarea {...textarea} {...props} onChange={(event) => onChange(event.target.value)} />}
    </Field>
  );
}
