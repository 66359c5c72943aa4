import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { hostPath } from "../../env";

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Executables found lately: autopilot checks the same few commands many times a second. */
const found = new Map<string, { path: string; at: number }>();
const FOUND_TTL_MS = 5_000;

/**
 * Where `command` would be found when spawned from `cwd` with this PATH, or null. A hit is
 * remembered for a few seconds (a miss never is, so a tool just installed is seen at once); an
 * executable removed meanwhile fails at launch, with its own clear error.
 */
export function findExecutable(command: string, cwd: string, path = hostPath(), now = Date.now()): string | null {
  const key = `${command}\0${cwd}\0${path}`;
  const hit = found.get(key);
  if (hit && now - hit.at < FOUND_TTL_MS) return hit.path;
  const result = lookUpExecutable(command, cwd, path);
  if (result) {
    if (found.size >= 200) found.clear();
    found.set(key, { path: result, at: now });
  } else found.delete(key);
  return result;
}

function lookUpExecutable(command: string, cwd: string, path: string): string | null {
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
