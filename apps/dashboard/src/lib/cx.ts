/** Class names joined with spaces, skipping the conditions that did not hold. */
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(" ");
}
