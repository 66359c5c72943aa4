// The real agent CLIs the adapters are proven against, pinned. They are installed from npm once,
// into a cache outside the repository (never into node_modules: they are large and only tests
// need them), by the runner tests' global set-up. README lists the same versions.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

export const REAL_CLIS = {
  "claude-code": { package: "@anthropic-ai/claude-code", version: "2.1.332", bin: "claude" },
  codex: { package: "@openai/codex", version: "0.171.0", bin: "codex" },
  gemini: { package: "@google/gemini-cli", version: "0.61.0", bin: "gemini" },
  opencode: { package: "opencode-ai", version: "1.18.33", bin: "opencode" },
} as const;

export type RealCli = keyof typeof REAL_CLIS;

/** Where the pinned CLIs live: `$MAESTRO_AGENT_CLI_CACHE`, else ~/.cache/maestro/agent-clis. */
export const CLI_CACHE = process.env.MAESTRO_AGENT_CLI_CACHE ?? join(homedir(), ".cache", "maestro", "agent-clis");

function installDir(name: RealCli): string {
  const { package: pkg, version } = REAL_CLIS[name];
  return join(CLI_CACHE, `${pkg.replace("/", "+")}@${version}`);
}

/** The installed CLI's executable (whether or not it is installed yet). */
export function cliPath(name: RealCli): string {
  return join(installDir(name), "node_modules", ".bin", REAL_CLIS[name].bin);
}

/**
 * Installs the pinned CLI unless it is in the cache already; returns its executable. The install
 * goes to a scratch folder renamed into place, so a broken or concurrent install is never used.
 */
export function ensureCli(name: RealCli): string {
  const target = installDir(name);
  if (existsSync(cliPath(name))) return cliPath(name);
  const { package: pkg, version } = REAL_CLIS[name];
  const scratch = `${target}.${process.pid}.tmp`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  try {
    execFileSync("npm", ["install", "--prefix", scratch, "--no-save", "--no-fund", "--no-audit", `${pkg}@${version}`], {
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 10 * 60_000,
    });
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    const stderr = String((error as { stderr?: Buffer }).stderr ?? "").trim();
    throw new Error(`could not install ${pkg}@${version} for the real-agent tests: ${stderr || String(error)}`);
  }
  mkdirSync(dirname(target), { recursive: true });
  if (existsSync(cliPath(name))) rmSync(scratch, { recursive: true, force: true });
  else renameSync(scratch, target);
  return cliPath(name);
}
