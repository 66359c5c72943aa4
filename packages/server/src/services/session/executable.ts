import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Where `command` would be found when spawned from `cwd` with this PATH, or null. */
export function findExecutable(command: string, cwd: string, path = process.env.PATH ?? ""): string | null {
  if (command.includes("/")) {
    const candidate = isAbsolute(command) ? command : resolve(cwd, command);
    return isExecutableFile(candidate) ? candidate : null;
  }
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}
