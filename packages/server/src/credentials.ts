import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { looksLikePersonToken } from "@maestro/domain";
import { StartupError } from "./startup-error";

/** What a server accepts besides session tokens: its owner's token and its runners' token. */
export interface Credentials {
  ownerToken: string;
  runnerToken: string;
}

/** Owner and runner tokens live in the data folder, readable by the owner's user only. */
export const OWNER_TOKEN_FILE = "token";
export const RUNNER_TOKEN_FILE = "runner-token";

/** A token someone wrote by hand is kept if it could be a secret; anything else is replaced. */
const SECRET_PATTERN = /^\S{16,}$/;

/**
 * `$MAESTRO_HOME` exists and is the owner's alone (0700), whatever mode it had before. A folder
 * shared with others (another user's, or a sticky one such as /tmp) is refused, not tightened.
 */
export function secureHome(home: string): void {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const stat = statSync(home);
  if (stat.mode & 0o1000) {
    throw new StartupError(
      `${home} is a shared folder: give Maestro a data folder of its own (MAESTRO_HOME or --home)`,
    );
  }
  if (process.getuid && stat.uid !== process.getuid()) {
    throw new StartupError(`${home} belongs to another user: give Maestro a data folder of your own`);
  }
  chmodSync(home, 0o700);
}

/**
 * The database file is created 0600 before SQLite opens it: SQLite gives the -wal and -shm files
 * the database file's mode, so they are 0600 too. Files left by an older run are tightened.
 */
export function secureDatabaseFile(path: string): void {
  if (path === ":memory:") return;
  if (!existsSync(path)) closeSync(openSync(path, "a", 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}

/** A 32-byte random secret in `path` (hex, 0600), created once and reused on every later start. */
export function readOrCreateSecret(path: string): string {
  if (existsSync(path)) {
    chmodSync(path, 0o600);
    const existing = readFileSync(path, "utf8").trim();
    if (SECRET_PATTERN.test(existing)) return existing;
  }
  const secret = randomBytes(32).toString("hex");
  // flag "w" truncates a malformed file; mode applies when the file is created.
  writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: "w" });
  chmodSync(path, 0o600);
  return secret;
}

/**
 * The owner token is `MAESTRO_TOKEN` when given (nothing is written then), else `<home>/token`;
 * the runner token is `MAESTRO_RUNNER_TOKEN` when given (every instance of a team server shares
 * one, so a runner fails over between them), else `<home>/runner-token`, so a remote runner can
 * be handed a copy.
 */
export function loadCredentials(
  home: string,
  ownerToken: string | undefined,
  runnerToken: string | undefined = undefined,
): Credentials {
  // A shell that holds someone's named token for the CLI must not make it the owner's by starting serve.
  if (ownerToken !== undefined && looksLikePersonToken(ownerToken)) {
    throw new StartupError(
      "MAESTRO_TOKEN holds a named token (mst_…), not an owner token: unset it for `maestro serve`, or give the owner token with --token-file",
    );
  }
  secureHome(home);
  return {
    ownerToken: ownerToken ?? readOrCreateSecret(join(home, OWNER_TOKEN_FILE)),
    runnerToken: runnerToken ?? readOrCreateSecret(join(home, RUNNER_TOKEN_FILE)),
  };
}
