import { randomBytes } from "node:crypto";
import { chownSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import pg from "pg";
import { findPgBinDir } from "./pg-binaries";
import { isRoot, makeDataDir, postgresUser, removeAbandonedClusters, run, stopCluster } from "./pg-processes";

/** A PostgreSQL server of its own, in a temporary folder, for one test run or bench. */
export interface PgCluster {
  /** The cluster's superuser (to create databases and roles). */
  adminUrl: string;
  /** The run's own role and database (not a superuser): what the code under test connects with. */
  url: string;
  port: number;
  dataDir: string;
  /** A fresh database owned by the run's role (a copy of `template` if given); answers its URL. */
  createDatabase(name: string, template?: string): Promise<string>;
  /** Stops the server and removes its folder; safe to call twice. */
  stop(): Promise<void>;
}

export interface PgClusterOptions {
  /** fsync and full-page writes on (benches); tests turn them off, which a kill -9 of the server survives. */
  durable?: boolean;
  /** Where PostgreSQL's programs are; found under /usr/lib/postgresql otherwise. */
  binDir?: string;
}

const ROLE = "maestro";
const DATABASE = "maestro";
const START_ATTEMPTS = 3;

/**
 * initdb into a fresh temporary folder, start on a free port, create the role and database.
 * As root it runs PostgreSQL as the `postgres` user (PostgreSQL refuses root). A folder left by
 * a run that was killed is stopped and removed first. Fails with how to install PostgreSQL when
 * it is missing: tests never skip.
 */
export async function startPgCluster(options: PgClusterOptions = {}): Promise<PgCluster> {
  const binDir = options.binDir === undefined ? findPgBinDir() : findPgBinDir([options.binDir]);
  removeAbandonedClusters(binDir);
  const dataDir = makeDataDir();
  const password = randomBytes(18).toString("base64url");
  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    stopCluster(binDir, dataDir);
  };
  process.once("exit", stopNow);
  try {
    initCluster(binDir, dataDir, password);
    const port = await startServer(binDir, dataDir, options.durable ?? false);
    const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    const url = await createRoleAndDatabase(adminUrl, port);
    return {
      adminUrl,
      url,
      port,
      dataDir,
      createDatabase: (name, template) => createDatabase(adminUrl, url, name, template),
      stop: async () => {
        process.removeListener("exit", stopNow);
        stopNow();
      },
    };
  } catch (error) {
    process.removeListener("exit", stopNow);
    stopNow();
    throw error;
  }
}

function initCluster(binDir: string, dataDir: string, password: string): void {
  const pwfile = join(dataDir, "..", "pwfile");
  writeFileSync(pwfile, password, { mode: 0o600 });
  if (isRoot()) {
    const { uid, gid } = postgresUser();
    chownSync(pwfile, uid, gid);
  }
  try {
    run(binDir, "initdb", [
      "-D",
      dataDir,
      "-U",
      "postgres",
      `--pwfile=${pwfile}`,
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C",
      "--no-sync",
    ]);
  } finally {
    rmSync(pwfile, { force: true });
  }
}

/** A free port can be taken between asking and listening: another one is tried then. */
async function startServer(binDir: string, dataDir: string, durable: boolean): Promise<number> {
  const settings = durable ? [] : ["-c fsync=off", "-c full_page_writes=off", "-c synchronous_commit=off"];
  let lastError: unknown;
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const port = await freePort();
    const serverOptions = [
      `-p ${port}`,
      `-k ${dataDir}`,
      "-c listen_addresses=127.0.0.1",
      "-c max_connections=200",
      ...settings,
    ].join(" ");
    try {
      run(binDir, "pg_ctl", [
        "-D",
        dataDir,
        "-l",
        join(dataDir, "server.log"),
        "-w",
        "-t",
        "60",
        "-o",
        serverOptions,
        "start",
      ]);
      return port;
    } catch (error) {
      lastError = new Error(`${(error as Error).message}\n${readLog(dataDir)}`);
    }
  }
  throw lastError;
}

function readLog(dataDir: string): string {
  const log = join(dataDir, "server.log");
  return existsSync(log) ? readFileSync(log, "utf8").slice(-2000) : "";
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function createRoleAndDatabase(adminUrl: string, port: number): Promise<string> {
  const password = randomBytes(18).toString("base64url");
  await withClient(adminUrl, async (client) => {
    await client.query(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${password}'`);
    await client.query(`CREATE DATABASE ${DATABASE} OWNER ${ROLE}`);
  });
  return `postgres://${ROLE}:${password}@127.0.0.1:${port}/${DATABASE}`;
}

/**
 * A fresh database owned by the role of `url`, on the cluster of `adminUrl`; answers its URL.
 * `template` copies an existing database (one already migrated, say) instead of an empty one.
 */
export async function createPgDatabase(
  { adminUrl, url }: { adminUrl: string; url: string },
  name: string,
  template?: string,
): Promise<string> {
  return createDatabase(adminUrl, url, name, template);
}

async function createDatabase(adminUrl: string, url: string, name: string, template?: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Database name "${name}": lower-case letters, digits, _`);
  if (template !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(template)) throw new Error(`Template "${template}"`);
  const copy = template === undefined ? "" : ` TEMPLATE ${template}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name} OWNER ${ROLE}${copy}`));
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
