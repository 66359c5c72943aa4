import { lstatSync, readdirSync, realpathSync } from "node:fs";
import { extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { DomainError, type ImportFiles, MAX_IMPORT_BYTES, MAX_IMPORT_FILES } from "@maestro/domain";
import { readContainedFile } from "../files/contained-file";

/** Only text formats are read from a folder; images and the like are passed over. */
const TEXT_EXTENSIONS = new Set([".md", ".markdown", ".json", ".yaml", ".yml", ".txt", ".toml"]);
/** Folders no import format keeps its items in, and that can be huge. */
const SKIPPED_FOLDERS = new Set([".git", "node_modules"]);

function forbidden(message: string): DomainError {
  return new DomainError("FORBIDDEN", `path: ${message}`, { field: "path" });
}

function tooMuch(message: string): DomainError {
  return new DomainError("INVALID_INPUT", `path: ${message}`, { field: "path" });
}

function isWithinOrSame(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** Which files of a folder to read, by their path relative to it (`isReadByFormat`). */
export type Accept = (path: string) => boolean;

class FileBag {
  readonly files: Record<string, string> = {};
  private count = 0;
  private size = 0;

  add(name: string, text: string): void {
    if (++this.count > MAX_IMPORT_FILES) throw tooMuch(`holds more than ${MAX_IMPORT_FILES} files to import`);
    this.size += text.length;
    if (this.size > MAX_IMPORT_BYTES) throw tooMuch(`its files total more than ${MAX_IMPORT_BYTES} characters`);
    this.files[name] = text;
  }
}

function readOne(root: string, path: string): string {
  const read = readContainedFile(root, path, MAX_IMPORT_BYTES);
  if (read === null) throw new DomainError("NOT_FOUND", `path: ${path} does not exist`, { field: "path" });
  if ("text" in read) return read.text;
  if (read.reason === "outside") throw forbidden(read.refused);
  if (read.reason === "too-large") throw tooMuch(`${path} is larger than an import takes (${MAX_IMPORT_BYTES} bytes)`);
  throw tooMuch(read.refused);
}

/** Every text file under `dir`, by its path relative to `base` (`/`-separated); links out of `root` are refused. */
function walk(root: string, base: string, dir: string, bag: FileBag, accept: Accept): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(name)) walk(root, base, path, bag, accept);
      continue;
    }
    // Only a file the import would read matters: a `.venv` link out of the root beside it is no reason to refuse.
    const rel = relative(base, path).split(sep).join("/");
    if (!TEXT_EXTENSIONS.has(extname(name).toLowerCase()) || !accept(rel)) continue;
    if (stat.isSymbolicLink() && !isWithinOrSame(root, safeRealpath(path))) {
      throw forbidden(`${rel} is a link leading outside ${root}`);
    }
    // A link inside the root is read as the file it names; a linked folder is not entered (no loops);
    // a pipe or a device is no text file (opening a pipe to read it would wait for a writer).
    const target = stat.isSymbolicLink() ? lstatSync(safeRealpath(path)) : stat;
    if (!target.isFile()) continue;
    bag.add(rel, readOne(root, path));
  }
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path; // a dangling link leads nowhere: it is treated as outside
  }
}

/**
 * What an import reads at `target` (a file, or every text file of a folder), which must stay
 * inside `root`: a relative target is taken from `root`, `..` is refused, and so is a link that
 * resolves outside it. Of a folder, only the files `accept` takes are read. Caps: MAX_IMPORT_FILES
 * files, MAX_IMPORT_BYTES characters.
 */
export function readImportFiles(root: string, target: string, accept: Accept = () => true): ImportFiles {
  try {
    return readFiles(root, target, accept);
  } catch (error) {
    // A name the file system refuses (NUL, too long), or a folder it will not list: the caller's path, not a fault.
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof DomainError || code === undefined) throw error;
    throw new DomainError("INVALID_INPUT", `path: ${target} cannot be read (${code})`, { field: "path" });
  }
}

function readFiles(root: string, target: string, accept: Accept): ImportFiles {
  if (target.split(/[\\/]/).includes("..")) throw forbidden(`${target} must not contain ".."`);
  const realRoot = realpathSync(root);
  const path = resolve(realRoot, target);
  if (!lstatSync(path, { throwIfNoEntry: false })) {
    throw new DomainError("NOT_FOUND", `path: ${target} does not exist`, { field: "path" });
  }
  const real = safeRealpath(path);
  if (!isWithinOrSame(realRoot, real)) throw forbidden(`${target} is outside ${root}`);
  const bag = new FileBag();
  if (lstatSync(real).isDirectory()) walk(realRoot, real, real, bag, accept);
  else bag.add(relative(resolve(real, ".."), real), readOne(realRoot, real));
  if (Object.keys(bag.files).length === 0) throw tooMuch(`${target} holds no file to import`);
  return bag.files;
}
