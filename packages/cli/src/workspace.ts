import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The root of this checkout, found from this file whether it runs bundled or from source. */
export function findWorkspaceRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "pnpm-workspace.yaml")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The CLI's own entry: agents' `maestro` shim runs it, and `serve` starts its runner with it. */
export function maestroBinPath(): string {
  return join(findWorkspaceRoot(), "packages", "cli", "bin", "maestro.js");
}
