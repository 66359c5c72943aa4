// Runs the real `maestro serve` (server + embedded runner, as `npm start` does) in a throw-away
// home on a free port, so agent benchmarks measure the whole path and can read the server's RSS.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
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

async function waitHealthy(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`maestro serve exited (${child.exitCode}): ${stderr()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  throw new Error(`maestro serve did not answer /healthz within 20 s: ${stderr()}`);
}

/** The same entry as `npm start`: the bundled CLI when it is fresh (run `pnpm build` first). */
export async function startServeProcess(prefix: string, env: Record<string, string> = {}): Promise<ServeProcess> {
  const home = mkdtempSync(join(tmpdir(), `maestro-bench-${prefix}-`));
  const port = await freePort();
  const main = fileURLToPath(new URL("../packages/cli/bin/maestro.js", import.meta.url));
  // BENCH_PROFILE_DIR=<dir> writes a CPU profile of the server there (open it in Chrome DevTools).
  const profile = benchEnv.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${benchEnv.profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, main, "serve", "--port", String(port), "--home", home], {
    stdio: ["ignore", "ignore", "pipe"],
    env: childEnv(env),
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    await waitHealthy(url, child, () => stderr);
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
