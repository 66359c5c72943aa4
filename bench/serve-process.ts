// Runs the real `maestro serve` (server + embedded runner, as `npm start` does) in a throw-away
// home on a free port, so agent benchmarks measure the whole path and can read the server's RSS.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchEnv, childEnv } from "./env";

export interface ServeProcess {
  url: string;
  home: string;
  /** The owner token the server wrote into its home. */
  token: string;
  pid: number;
  /** VmRSS and VmHWM (peak) of the server process, in MiB. */
  memory(): { rssMiB: number; peakMiB: number };
  /** CPU time (user + system) the server process has used so far, in ms: steadier than wall time on a busy machine. */
  cpuMs(): number;
  /** The same for its direct children (the embedded runner), added up; their own children (agents) not counted. */
  childrenCpuMs(): number;
  /** What the children's own children used once they exited (the runner's agents, after they ended). */
  grandchildrenCpuMs(): number;
  stop(): Promise<void>;
}

/** A port nothing listens on now, for a server started in another process. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function readStatusKiB(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "latin1"));
  return match ? Number(match[1]) : Number.NaN;
}

/**
 * utime + stime of a process from /proc/<pid>/stat, in ms (clock ticks are 100 Hz on Linux); with
 * `reaped`, cutime + cstime instead: what its children that exited (and were waited for) used.
 */
export function processCpuMs(pid: number, reaped = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const [user, system] = reaped ? [fields[13], fields[14]] : [fields[11], fields[12]];
    return (Number(user) + Number(system)) * 10;
  } catch {
    return Number.NaN;
  }
}

/** The pids of a process's direct children (every thread's list, as Linux keeps them per thread). */
export function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, "latin1").split(" ").filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** Every child a bench started and has not stopped yet: killed when a bench misses its deadline, and at exit. */
const liveChildren = new Set<ChildProcess>();

/** Tracks `child` until it exits, so killChildren() can end it. */
export function trackChild(child: ChildProcess): ChildProcess {
  liveChildren.add(child);
  child.once("exit", () => liveChildren.delete(child));
  return child;
}

/** SIGKILLs every tracked child still running (a bench that timed out leaves no server behind). */
export function killChildren(): void {
  for (const child of liveChildren) child.kill("SIGKILL");
  liveChildren.clear();
}
process.once("exit", killChildren);

/** How long `maestro serve` gets to listen and start its runner. */
const START_DEADLINE_MS = 30_000;

/** `serve --json` prints where it listens once it and its runner are up: read until that parses. */
function whenListening(child: ChildProcess, stderr: () => string): Promise<{ url: string }> {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(
      () => reject(new Error(`maestro serve did not start within ${START_DEADLINE_MS / 1000} s: ${stderr()}`)),
      START_DEADLINE_MS,
    );
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      try {
        const info = JSON.parse(out) as { url: string };
        clearTimeout(timer);
        resolve(info);
      } catch {
        // Not all of it yet.
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`maestro serve exited (${code ?? signal}): ${stderr()}`));
    });
  });
}

export interface ServeOptions {
  /** Runs on the fresh home before the server starts (a bench seeding its database straight). */
  prepareHome?: (home: string) => Promise<void>;
}

/** The same entry as `npm start`: the bundled CLI when it is fresh (run `pnpm build` first). */
export async function startServeProcess(
  prefix: string,
  env: Record<string, string> = {},
  options: ServeOptions = {},
): Promise<ServeProcess> {
  const home = mkdtempSync(join(tmpdir(), `maestro-bench-${prefix}-`));
  try {
    await options.prepareHome?.(home);
  } catch (error) {
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
  const main = fileURLToPath(new URL("../packages/cli/bin/maestro.js", import.meta.url));
  // BENCH_PROFILE_DIR=<dir> writes a CPU profile of the server there (open it in Chrome DevTools).
  const profile = benchEnv.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${benchEnv.profileDir}`] : [];
  // Port 0: the server takes a free port and says which; nothing here can collide.
  const child = trackChild(
    spawn(process.execPath, [...profile, main, "serve", "--port", "0", "--home", home, "--json"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: childEnv(env),
    }),
  );
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let url: string;
  try {
    ({ url } = await whenListening(child, () => stderr));
  } catch (error) {
    child.kill("SIGKILL");
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
  const pid = child.pid!;
  return {
    url,
    home,
    token: readFileSync(join(home, "token"), "utf8").trim(),
    pid,
    cpuMs: () => processCpuMs(pid),
    childrenCpuMs: () => childPids(pid).reduce((sum, child) => sum + (processCpuMs(child) || 0), 0),
    grandchildrenCpuMs: () => childPids(pid).reduce((sum, child) => sum + (processCpuMs(child, true) || 0), 0),
    memory: () => ({ rssMiB: readStatusKiB(pid, "VmRSS") / 1024, peakMiB: readStatusKiB(pid, "VmHWM") / 1024 }),
    async stop() {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
