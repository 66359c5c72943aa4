/** A long hunk is cut to this many lines either side of the commented line. */
const HUNK_CONTEXT_LINES = 12;

interface Hunk {
  header: string;
  lines: string[];
  /** First line of the hunk on each side. */
  oldStart: number;
  newStart: number;
}

interface FileHunks {
  isDeleted: boolean;
  hunks: Hunk[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** `+++ b/src/a.ts` (or a quoted name) → `src/a.ts`; `/dev/null` → null. */
function pathOf(marker: string): string | null {
  const raw = marker.slice(4);
  if (raw === "/dev/null") return null;
  const unquoted = raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  return unquoted.replace(/^[ab]\//, "");
}

/** The hunks of every file in a unified git diff, by the file's path (its old path if deleted). */
export function parseHunks(patch: string): Map<string, FileHunks> {
  const files = new Map<string, FileHunks>();
  let oldPath: string | null = null;
  let current: FileHunks | null = null;
  for (const line of patch.split("\n")) {
    if (line.startsWith("diff --git ")) current = null;
    else if (line.startsWith("--- ") && !current) oldPath = pathOf(line);
    else if (line.startsWith("+++ ") && !current) {
      const newPath = pathOf(line);
      current = { isDeleted: newPath === null, hunks: [] };
      files.set(newPath ?? oldPath ?? "", current);
    } else if (current) {
      const header = HUNK_HEADER.exec(line);
      if (header) {
        current.hunks.push({ header: line, lines: [], oldStart: Number(header[1]), newStart: Number(header[2]) });
      } else if (/^[ +\-\\]/.test(line)) current.hunks.at(-1)?.lines.push(line);
    }
  }
  return files;
}

/** Index in `hunk.lines` of line `line` of the new file (the old one, for a deleted file), or -1. */
function indexOfLine(hunk: Hunk, line: number, isDeleted: boolean): number {
  let number = isDeleted ? hunk.oldStart : hunk.newStart;
  const skipped = isDeleted ? "+" : "-";
  for (const [index, text] of hunk.lines.entries()) {
    if (text.startsWith(skipped) || text.startsWith("\\")) continue;
    if (number === line) return index;
    number++;
  }
  return -1;
}

/**
 * The hunk of `file` that holds `line` (a line of the file as the branch has it), cut around
 * that line when it is long; null when the line is outside every hunk.
 */
export function hunkAround(files: ReadonlyMap<string, FileHunks>, file: string, line: number): string | null {
  const entry = files.get(file);
  if (!entry) return null;
  for (const hunk of entry.hunks) {
    const at = indexOfLine(hunk, line, entry.isDeleted);
    if (at < 0) continue;
    const from = Math.max(0, at - HUNK_CONTEXT_LINES);
    const to = Math.min(hunk.lines.length, at + HUNK_CONTEXT_LINES + 1);
    const cut = hunk.lines.slice(from, to);
    return [hunk.header, ...(from > 0 ? ["…"] : []), ...cut, ...(to < hunk.lines.length ? ["…"] : [])].join("\n");
  }
  return null;
}
