import {
  type ImportFiles,
  type ImportFormat,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_FILES,
  isReadByFormat,
} from "@maestro/domain";

/** One file the person picked: its path relative to the chosen folder (or its name), its size and its text. */
export interface PickedFile {
  path: string;
  size: number;
  text: () => Promise<string>;
}

export type ReadResult =
  | { ok: true; files: ImportFiles; count: number; chars: number; folder: string | null }
  | { ok: false; message: string };

/** What the parsers read: Markdown, JSON and YAML front matter or config. Anything else is skipped. */
const TEXT_EXTENSIONS = /\.(md|markdown|json|ya?ml|txt|toml)$/i;
/** Folders a picked project folder often holds that no format reads, and that would exceed the caps. */
const SKIPPED_FOLDERS = new Set([".git", "node_modules"]);
/** The server's request body limit (api-server.ts); JSON escapes and UTF-8 can take a text under the cap past it. */
const MAX_REQUEST_BYTES = 2 * 1024 * 1024 * 0.98;
/** UTF-8 takes at most 4 bytes a character: past this many bytes the text is over the cap for certain. */
const MAX_BYTES_BEFORE_READING = MAX_IMPORT_BYTES * 4;

/**
 * The path an import sends for a browser File: relative to the chosen folder (its top folder name
 * stripped, as the CLI sends paths relative to the folder it is given), or the file's own name.
 */
export function relativePathOf(file: { name: string; webkitRelativePath?: string }): string {
  const relative = file.webkitRelativePath ?? "";
  if (relative === "") return file.name;
  const slash = relative.indexOf("/");
  return slash === -1 ? relative : relative.slice(slash + 1);
}

/** The chosen folder's own name (the parsers may need it: `001-photo-albums`), or null for a single file. */
export function folderNameOf(files: Iterable<{ webkitRelativePath?: string }>): string | null {
  for (const file of files) {
    const relative = file.webkitRelativePath ?? "";
    const slash = relative.indexOf("/");
    if (slash > 0) return relative.slice(0, slash);
  }
  return null;
}

export function toPickedFiles(files: Iterable<File>): PickedFile[] {
  return [...files].map((file) => ({ path: relativePathOf(file), size: file.size, text: () => file.text() }));
}

function isImportable(path: string, format: ImportFormat | undefined): boolean {
  const segments = path.split("/");
  return (
    TEXT_EXTENSIONS.test(path) &&
    !segments.some((segment) => SKIPPED_FOLDERS.has(segment)) &&
    (format === undefined || isReadByFormat(format, path))
  );
}

/** Checks the caps before reading anything, so a huge folder is refused at once. */
function checkBeforeReading(files: PickedFile[]): string | null {
  if (files.length === 0) return "Nothing to import: choose Markdown, JSON or YAML files (or a folder holding them).";
  if (files.length > MAX_IMPORT_FILES) {
    return `The chosen folder holds ${files.length} files; an import takes at most ${MAX_IMPORT_FILES}. Choose the format's own folder.`;
  }
  const bytes = files.reduce((sum, file) => sum + file.size, 0);
  return bytes > MAX_BYTES_BEFORE_READING ? tooLarge(bytes) : null;
}

function tooLarge(size: number): string {
  const megabytes = (n: number) => (n / 1_000_000).toFixed(1);
  return `The chosen files total ${megabytes(size)} MB; an import takes at most ${megabytes(MAX_IMPORT_BYTES)} MB. Import the folders one at a time.`;
}

/**
 * Reads what the person picked into the ImportFiles an import sends, or says why it cannot: the
 * same caps the server checks (ImportFiles), told before a request is made.
 */
export async function readImportFiles(
  picked: PickedFile[],
  { folder = null, format }: { folder?: string | null; format?: ImportFormat } = {},
): Promise<ReadResult> {
  const importable = picked.filter((file) => isImportable(file.path, format));
  const refusal = checkBeforeReading(importable);
  if (refusal) return { ok: false, message: refusal };
  const texts = await Promise.all(importable.map((file) => file.text()));
  const chars = texts.reduce((sum, text) => sum + text.length, 0);
  if (chars > MAX_IMPORT_BYTES) return { ok: false, message: tooLarge(chars) };
  const files: ImportFiles = {};
  importable.forEach((file, index) => {
    files[file.path] = texts[index] ?? "";
  });
  const requestBytes = new TextEncoder().encode(JSON.stringify(files)).length;
  if (requestBytes > MAX_REQUEST_BYTES) return { ok: false, message: tooLarge(requestBytes) };
  return { ok: true, files, count: importable.length, chars, folder };
}
