interface EnumOptionsProps<T extends string> {
  values: readonly T[];
  /** How each value reads; without it, the value itself. */
  labels?: Readonly<Record<T, string>>;
}

/** The <option>s of a select over a fixed list of values (statuses, priorities, adapters…). */
export function EnumOptions<T extends string>({ values, labels }: EnumOptionsProps<T>) {
  return values.map((value) => (
    <option key={value} value={value}>
      {labels ? labels[value] : value}
    </option>
  ));
}
