import type { DiffFile } from "@maestro/domain";

export const FILE_STATUS_LABELS: Record<DiffFile["status"], string> = {
  added: "added",
  modified: "modified",
  deleted: "deleted",
  renamed: "renamed",
  copied: "copied",
  type_changed: "type changed",
};

/** "src/old.ts → src/new.ts" for a rename or copy, else the path. */
export function displayPath(file: DiffFile): string {
  return file.oldPath && file.oldPath !== file.path ? `${file.oldPath} → ${file.path}` : file.path;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** What a file header says to a screen reader ("a.ts, modified, 2 additions, 1 deletion"). */
export function describeFile(file: DiffFile): string {
  const counts = file.isBinary
    ? "binary file, not shown"
    : `${plural(file.additions, "addition")}, ${plural(file.deletions, "deletion")}`;
  return `${displayPath(file)}, ${FILE_STATUS_LABELS[file.status]}, ${counts}`;
}

export function summarizeDiff(files: readonly DiffFile[]): string {
  const additions = files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = files.reduce((sum, file) => sum + file.deletions, 0);
  return `${plural(files.length, "file")} changed, ${plural(additions, "addition")}, ${plural(deletions, "deletion")}`;
}

/** Small diffs open whole; past this, only file headers render until one is opened. */
const OPEN_ALL_FILES = 10;
const OPEN_ALL_LINES = 1_500;

export function initiallyOpen(files: readonly DiffFile[]): Set<string> {
  const lines = files.reduce((sum, file) => sum + file.additions + file.deletions, 0);
  if (files.length > OPEN_ALL_FILES || lines > OPEN_ALL_LINES) return new Set();
  return new Set(files.filter((file) => !file.isBinary).map((file) => file.path));
}
