import type { DiffFile, TaskDiff } from "@maestro/domain";
import type { Output } from "./output";

function fileLabel(file: DiffFile): string {
  return file.oldPath && file.oldPath !== file.path ? `${file.oldPath} → ${file.path}` : file.path;
}

/** What a row says besides its counts: binary files have none, and a file's status is news when it is not a plain edit. */
function fileNote(file: DiffFile): string {
  const notes = [file.status === "modified" ? "" : file.status.replace("_", " "), file.isBinary ? "binary" : ""];
  return notes.filter(Boolean).join(", ");
}

/** "3 files changed, +12 −4": the stat's last line. */
export function diffTotal(output: Output, files: readonly DiffFile[]): string {
  const additions = files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = files.reduce((sum, file) => sum + file.deletions, 0);
  const noun = files.length === 1 ? "file" : "files";
  return `${files.length} ${noun} changed, ${output.colors.green(`+${additions}`)} ${output.colors.red(`−${deletions}`)}`;
}

/** The changed files with their +/− counts, then the total. */
export function renderDiffStat(output: Output, diff: TaskDiff): string {
  const c = output.colors;
  const header = c.dim(`${diff.branch}  ${diff.base.slice(0, 7)}..${diff.head.slice(0, 7)}`);
  if (diff.files.length === 0) return `${header}\n${c.dim("No changes.")}`;
  const table = output.table(
    diff.files,
    [
      { header: "FILE", value: fileLabel },
      { header: "+", value: (file) => (file.isBinary ? "" : c.green(`+${file.additions}`)) },
      { header: "−", value: (file) => (file.isBinary ? "" : c.red(`−${file.deletions}`)) },
      { header: "", value: (file) => c.dim(fileNote(file)) },
    ],
    "",
  );
  return `${header}\n${table}\n${diffTotal(output, diff.files)}`;
}

function colorLine(output: Output, line: string): string {
  const c = output.colors;
  if (/^(diff --git|index |--- |\+\+\+ |(new|deleted) file mode|similarity index|rename (from|to) )/.test(line)) {
    return c.bold(line);
  }
  if (line.startsWith("@@")) return c.cyan(line);
  if (line.startsWith("+")) return c.green(line);
  if (line.startsWith("-")) return c.red(line);
  return line;
}

/** The unified diff, coloured when the output is (colours are off when piped, so it stays a patch). */
export function renderPatch(output: Output, patch: string): string {
  if (patch === "") return output.colors.dim("No changes.");
  const body = patch.endsWith("\n") ? patch.slice(0, -1) : patch;
  return body
    .split("\n")
    .map((line) => colorLine(output, line))
    .join("\n");
}
