import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** How to get PostgreSQL, in every error that says it is missing. */
export const INSTALL_POSTGRES =
  "PostgreSQL is not installed: the PostgreSQL tests need its server programs (initdb, pg_ctl, postgres). " +
  "On Debian or Ubuntu: `apt-get install -y postgresql` (as root; `.ci/run` does it). " +
  "Elsewhere install PostgreSQL ≥ 14 so that `pg_config --bindir` names the folder holding initdb.";

const DEBIAN_ROOT = "/usr/lib/postgresql";

/** The folder with initdb and pg_ctl: Debian's newest /usr/lib/postgresql/<version>/bin, else `pg_config --bindir`. */
export function findPgBinDir(candidates: Array<string | undefined> = [...debianBinDirs(), pgConfigBinDir()]): string {
  const found = candidates.find((dir) => dir && existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl")));
  if (!found) throw new Error(INSTALL_POSTGRES);
  return found;
}

function debianBinDirs(): string[] {
  if (!existsSync(DEBIAN_ROOT)) return [];
  return readdirSync(DEBIAN_ROOT)
    .filter((version) => /^\d+$/.test(version))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(DEBIAN_ROOT, version, "bin"));
}

function pgConfigBinDir(): string | undefined {
  try {
    return execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}
