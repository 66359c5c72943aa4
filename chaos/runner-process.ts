// A remote runner (`maestro runner --server URL --token-file F`) as its own process, as on
// another machine: the trials kill it with kill -9 while its agents run.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { childEnv } from "./env";
import { MAESTRO_BIN, type Serve, until } from "./serve";

export interface RunnerProcess {
  child: ChildProcess;
  pid: number;
  exited: Promise<number | string | null>;
  crash(): Promise<number | string | null>;
}

/** Starts a runner for `serve` under `id`, working in `<home>/runners/<id>`; resolves once it works. */
export async function startRunner(serve: Serve, id: string): Promise<RunnerProcess> {
  const argv = ["runner", "--server", serve.url, "--home", join(serve.home, "runners", id), "--id", id];
  const child = spawn(process.execPath, [MAESTRO_BIN, ...argv, "--token-file", join(serve.home, "runner-token")], {
    stdio: ["ignore", "ignore", "pipe"],
    env: childEnv(),
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8_000)));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal)),
  );
  await until(
    `runner ${id} to connect`,
    () => {
      if (child.exitCode !== null) throw new Error(`runner ${id} exited ${child.exitCode}: ${stderr}`);
      return stderr.includes(`runner ${id} is working for`) ? true : undefined;
    },
    20_000,
  );
  return {
    child,
    pid: child.pid!,
    exited,
    crash() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      return exited;
    },
  };
}
