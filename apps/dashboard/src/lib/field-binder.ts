/**
 * Ties a form control to one key of a form's state: `{...bind("title")}` gives the control that
 * key as its name (a failed request naming it marks it invalid), its value, and a change handler
 * that patches just that key.
 */
export function fieldBinder<F extends object>(form: F, update: (patch: Partial<F>) => void) {
  return <K extends keyof F & string>(key: K) => ({
    name: key,
    value: form[key],
    onChange: (value: F[K]) => {
      const patch: Partial<F> = {};
      patch[key] = value;
      update(patch);
    },
  });
}
