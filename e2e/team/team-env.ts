import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The two `maestro serve` instances of the team test: one PostgreSQL database, a home and a port each. */
export const TEAM_PORTS = [4795, 4796] as const;

export interface TeamEnv {
  /** The run's folder: the homes, the servers' logs, the signed-in browser state. */
  dir: string;
  /** The owner token both instances share (MAESTRO_TOKEN). */
  token: string;
  /** The runners' token both instances share (MAESTRO_RUNNER_TOKEN). */
  runnerToken: string;
  instances: Array<{ name: string; url: string; home: string; port: number }>;
}

/**
 * Playwright loads its config in the runner and again in each worker: the first load makes the
 * run's folder and tokens, the workers find them through the environment.
 */
export function teamEnv(): TeamEnv {
  const dir = process.env.MAESTRO_E2E_TEAM_DIR ?? mkdtempSync(join(tmpdir(), "maestro-e2e-team-"));
  process.env.MAESTRO_E2E_TEAM_DIR = dir;
  const secrets = join(dir, "tokens.json");
  if (!existsSync(secrets)) {
    const fresh = { token: randomBytes(32).toString("hex"), runnerToken: randomBytes(32).toString("hex") };
    writeFileSync(secrets, JSON.stringify(fresh), { mode: 0o600 });
  }
  const { token, runnerToken } = JSON.parse(readFileSync(secrets, "utf8")) as { token: string; runnerToken: string };
  const instances = TEAM_PORTS.map((port, i) => {
    const home = join(dir, `home-${i + 1}`);
    mkdirSync(home, { recursive: true, mode: 0o700 });
    return { name: `instance ${i + 1}`, url: `http://127.0.0.1:${port}`, home, port };
  });
  return { dir, token, runnerToken, instances };
}

/** Kept in the run's own folder (mode 0700): it holds a live session cookie for each instance. */
export function signedInState(): string {
  return join(teamEnv().dir, "browser-signed-in.json");
}

/** The pids of the `maestro serve` processes the setup started, in instance order. */
export function serversFile(): string {
  return join(teamEnv().dir, "servers.json");
}

/** …read by the tests, to tell whose embedded runner claimed a session. */
export function teamServerPids(): number[] {
  return (JSON.parse(readFileSync(serversFile(), "utf8")) as { pids: number[] }).pids;
}
