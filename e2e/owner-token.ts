import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The e2e server's data directory and owner token. Playwright loads its config in the runner and
 * again in each worker: the first load makes both, the workers find them through the environment.
 * The token file is written here (as `maestro serve` would on first start) so every process —
 * server, API client, CLI, sign-in — reads the same one.
 */
export function e2eHome(): { home: string; token: string } {
  const home = process.env.MAESTRO_E2E_HOME ?? mkdtempSync(join(tmpdir(), "maestro-e2e-"));
  process.env.MAESTRO_E2E_HOME = home;
  const tokenFile = join(home, "token");
  if (!existsSync(tokenFile)) writeFileSync(tokenFile, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
  return { home, token: readFileSync(tokenFile, "utf8").trim() };
}
