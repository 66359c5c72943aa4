// P2's physical baseline: a plain node:http + better-sqlite3 server (WAL, synchronous=FULL, one
// durable commit per request) inserting the same task, run as its own process like `maestro serve`.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { processCpuMs, trackChild } from "./serve-process";

export interface BaselineServer {
  url: string;
  token: string;
  pid: number;
  cpuMs(): number;
  stop(): Promise<void>;
}

const START_DEADLINE_MS = 30_000;

export async function startBaselineServer(): Promise<BaselineServer> {
  const dir = mkdtempSync(join(tmpdir(), "maestro-bench-baseline-"));
  const script = fileURLToPath(new URL("../packages/db/baseline/plain-sqlite-server.mjs", import.meta.url));
  // Node resolves the driver from the script's own package (packages/db).
  const child = trackChild(
    spawn(process.execPath, [script, join(dir, "baseline.sqlite")], { stdio: ["ignore", "pipe", "inherit"] }),
  );
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the baseline server did not start")), START_DEADLINE_MS);
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n")[0]!;
      if (out.includes("\n")) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the baseline server exited (${code})`));
    });
  });
  const pid = child.pid!;
  return {
    url,
    token: "",
    pid,
    cpuMs: () => processCpuMs(pid),
    async stop() {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
