import { diffLines } from "diff";
import { z } from "zod";

export const DiffLine = z.object({
  op: z.enum(["add", "remove", "same"]),
  text: z.string(),
  /** Line number in the old version (null for an added line). */
  oldLine: z.number().int().nullable(),
  /** Line number in the new version (null for a removed line). */
  newLine: z.number().int().nullable(),
});
export type DiffLine = z.infer<typeof DiffLine>;

export const DocumentDiff = z.object({
  lines: z.array(DiffLine),
  added: z.number().int(),
  removed: z.number().int(),
});
export type DocumentDiff = z.infer<typeof DocumentDiff>;

function splitLines(value: string): string[] {
  const lines = value.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** A line diff between two versions of a document, every line numbered on its side. */
export function diffDocuments(before: string, after: string): DocumentDiff {
  const lines: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  let added = 0;
  let removed = 0;
  for (const change of diffLines(before, after)) {
    for (const text of splitLines(change.value)) {
      if (change.added) {
        lines.push({ op: "add", text, oldLine: null, newLine: newLine++ });
        added++;
      } else if (change.removed) {
        lines.push({ op: "remove", text, oldLine: oldLine++, newLine: null });
        removed++;
      } else {
        lines.push({ op: "same", text, oldLine: oldLine++, newLine: newLine++ });
      }
    }
  }
  return { lines, added, removed };
}
