import { accessSync, constants, existsSync, lstatSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, sep } from "node:path";
import type { Mount } from "./bwrap-args";

/** The system, read-only: programs, libraries and configuration, never a home or a project. */
const SYSTEM_PATHS = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt"];

const isUnder = (path: string, dir: string) => path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
const isSystem = (path: string) => SYSTEM_PATHS.some((dir) => isUnder(path, dir));

/** /bin, /lib… are symlinks into /usr on a merged-/usr system: kept as symlinks, not bound twice. */
export function systemMounts(): Mount[] {
  return SYSTEM_PATHS.filter((path) => existsSync(path)).map((path) =>
    lstatSync(path).isSymbolicLink() ? { kind: "symlink", path, target: readlinkSync(path) } : { kind: "ro", path },
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return lstatSync(path).isFile() || realpathSync(path) !== path;
  } catch {
    return false;
  }
}

/** Where `command` runs from: itself if it names a path, else the first match on PATH. */
export function findOnPath(command: string, path: string | undefined): string | null {
  if (command.includes("/")) return existsSync(command) ? command : null;
  for (const dir of (path ?? "").split(":")) {
    if (dir && isAbsolute(dir) && isExecutable(join(dir, command))) return join(dir, command);
  }
  return null;
}

/**
 * The folder a program needs whole: an npm install's prefix (the folder holding its first
 * node_modules, e.g. ~/.cache/maestro/agent-clis), a Python virtualenv, else its own folder.
 */
export function installRootOf(file: string): string {
  const modules = file.indexOf(`${sep}node_modules${sep}`);
  if (modules > 0) return file.slice(0, modules);
  const dir = dirname(file);
  if (dir.endsWith(`${sep}bin`) && existsSync(join(dirname(dir), "pyvenv.cfg"))) return dirname(dir);
  return dir;
}

/** A script's interpreter (`#!/path` or `#!/usr/bin/env name`), when it has one. */
function interpreterOf(file: string, path: string | undefined): string | null {
  let head: string;
  try {
    head = readFileSync(file, { encoding: "latin1" }).slice(0, 256);
  } catch {
    return null;
  }
  const [program, arg] = head.startsWith("#!") ? head.slice(2).split("\n")[0]!.trim().split(/\s+/) : [];
  if (!program) return null;
  return program.endsWith("/env") && arg ? findOnPath(arg, path) : program;
}

/** A folder to bind, or only the file when the folder would uncover what must stay hidden. */
function narrowed(dir: string, file: string, hidden: readonly string[]): string {
  return hidden.some((path) => isUnder(path, dir)) ? file : dir;
}

/** The install roots a program needs: its own, and its interpreter's. */
function rootsOf(command: string, path: string | undefined, hidden: readonly string[]): string[] {
  const found = findOnPath(command, path);
  if (!found) return [];
  const file = realpathSync(found);
  const roots = [narrowed(dirname(found), found, hidden), narrowed(installRootOf(file), file, hidden)];
  const interpreter = interpreterOf(file, path);
  if (!interpreter || !existsSync(interpreter)) return roots;
  const real = realpathSync(interpreter);
  return [...roots, narrowed(installRootOf(real), real, hidden)];
}

/**
 * Read-only binds for the agent's toolchain outside the system folders: Node's prefix, the
 * agent's command and its interpreter, and PATH folders outside the home (a folder in the home
 * may hold anything; the agent's own command is found and bound wherever it is). A folder that
 * holds a `hidden` path (the home, $MAESTRO_HOME, /tmp) is never bound whole.
 */
export function toolchainMounts({
  command,
  path,
  home,
  hidden,
}: {
  command: string;
  path?: string;
  home?: string;
  hidden: readonly string[];
}): Mount[] {
  const node = realpathSync(process.execPath);
  const roots = [narrowed(installRootOf(node), node, hidden), ...rootsOf(command, path, hidden)];
  const pathDirs = (path ?? "")
    .split(":")
    .filter((dir) => isAbsolute(dir) && !(home && isUnder(dir, home)) && !hidden.some((kept) => isUnder(kept, dir)));
  const wanted = [...new Set([...roots, ...pathDirs])].filter((dir) => !isSystem(dir) && dir !== sep);
  return wanted.map((dir) => ({ kind: "ro-try", path: dir }));
}

export { isUnder };
