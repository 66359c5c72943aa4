/** A short list of files for a note or an error: the first `shown`, and how many more. */
export function listFilesBriefly(files: readonly string[], shown = 10): string {
  const head = files.slice(0, shown).join(", ");
  return files.length > shown ? `${head} and ${files.length - shown} more` : head;
}
