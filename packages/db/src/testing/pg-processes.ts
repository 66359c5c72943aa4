import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  existsSync,
} from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

// The cluster's folder and processes: PostgreSQL refuses to run as root, so as root every
// program runs as the `postgres` user, in a folder that user owns and can reach.

const PREFIX = "maestro-pg-";

export function asPostgres(binDir: string, program: string, args: string[]): ReturnType<typeof spawnSync> {
  const path = join(binDir, program);
  const [command, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", path, ...args]] : [path, args];
  return spawnSync(command, argv, { encoding: "utf8", timeout: 120_000 });
}

export function run(binDir: string, program: string, args: string[]): void {
  const result = asPostgres(binDir, program, args);
  if (result.status === 0) return;
  const output = `${String(result.stdout ?? "")}${String(result.stderr ?? "")}`.trim();
  throw new Error(
    `${program} ${args.join(" ")} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`,
  );
}

export function isRoot(): boolean {
  return userInfo().uid === 0;
}

/** A folder the postgres user owns, under a temporary folder it can reach (checked, not assumed). */
export function makeDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(dir, "owner.pid"), String(process.pid));
  const dataDir = join(dir, "data");
  if (isRoot()) {
    const { uid, gid } = postgresUser();
    chmodSync(dir, 0o755);
    execFileSync("mkdir", ["-m", "700", dataDir]);
    chownSync(dataDir, uid, gid);
    const reach = spawnSync("runuser", ["-u", "postgres", "--", "test", "-w", dataDir]);
    if (reach.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(
        `The postgres user cannot reach ${dataDir}: every folder above it must be traversable (o+x). ` +
          `Point TMPDIR at such a folder (e.g. /tmp).`,
      );
    }
  }
  return dataDir;
}

export function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("postgres:"));
  const [, , uid, gid] = line?.split(":") ?? [];
  if (!uid || !gid) {
    throw new Error("No `postgres` user: install PostgreSQL with `apt-get install -y postgresql` (as root).");
  }
  return { uid: Number(uid), gid: Number(gid) };
}

/** Synchronous, so it also runs from an `exit` handler. */
export function stopCluster(binDir: string, dataDir: string): void {
  if (existsSync(join(dataDir, "postmaster.pid"))) {
    asPostgres(binDir, "pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "-t", "30", "stop"]);
  }
  rmSync(join(dataDir, ".."), { recursive: true, force: true });
}

/** Clusters whose owning process is gone (a run killed with -9): stopped and removed. */
export function removeAbandonedClusters(binDir: string): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    const owner = Number(readFileQuietly(join(dir, "owner.pid")));
    // Without an owner yet, it may be another run's, between mkdtemp and writing owner.pid.
    if (owner ? isAlive(owner) : Date.now() - statSync(dir).mtimeMs < 60_000) continue;
    stopCluster(binDir, join(dir, "data"));
  }
}

function readFileQuietly(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
