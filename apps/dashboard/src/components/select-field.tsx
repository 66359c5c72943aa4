import type { ReactNode } from "react";
import { EnumOptions } from "./enum-options";
import { Field } from "./field";

interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  values: readonly T[];
  labels?: Readonly<Record<T, string>>;
  onChange: (value: T) => void;
  hint?: ReactNode;
  name?: string;
  disabled?: boolean;
}

/** A labelled select over a fixed list of values ("Status", "Priority", "Adapter"…). */
export function SelectField<T extends string>({
  label,
  value,
  values,
  labels,
  onChange,
  hint,
  name,
  disabled,
}: SelectFieldProps<T>) {
  return (
    <Field label={label} hint={hint} name={name}>
      {(props) => (
        <select {...props} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value as T)}>
          <EnumOptions values={values} labels={labels} />
        </select>
      )}
    </Field>
  );
}
