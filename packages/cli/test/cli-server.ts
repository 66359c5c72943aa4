// A real server on port 0 in a fresh home, for CLI tests that run `maestro` in-process against it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningServer, startServer } from "@maestro/server";
import { afterAll, beforeAll } from "vitest";
import type { CliEnv } from "../src/env";
import type { Io } from "../src/output";
import { runCli } from "../src/program";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in the order they were printed. */
  output: string;
}

/** How the CLI finds its token: `"home"` reads the file the server wrote; `"token"` passes MAESTRO_TOKEN. */
export type CliAuth = "home" | "token";

export interface CliServer {
  readonly server: RunningServer;
  readonly home: string;
  /** Runs the CLI in-process against the server and captures what it prints. */
  run(argv: string[], auth: CliAuth): Promise<CliRun>;
}

/** Starts the server before the file's tests and removes it and its home after them. */
export function useCliServer(homePrefix: string): CliServer {
  let server: RunningServer | undefined;
  let home: string | undefined;
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), homePrefix));
    server = await startServer({ home, host: "127.0.0.1", port: 0, log: () => {} });
  });
  afterAll(async () => {
    await server?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });
  const cli: CliServer = {
    get server() {
      if (!server) throw new Error("the CLI test server is not started yet");
      return server;
    },
    get home() {
      if (!home) throw new Error("the CLI test server is not started yet");
      return home;
    },
    run: (argv, auth) => runCaptured(argv, cliEnv(cli, auth)),
  };
  return cli;
}

function cliEnv(cli: CliServer, auth: CliAuth): CliEnv {
  switch (auth) {
    case "home":
      return { MAESTRO_URL: cli.server.url, MAESTRO_HOME: cli.home };
    case "token":
      return { MAESTRO_URL: cli.server.url, MAESTRO_TOKEN: cli.server.token };
  }
}

async function runCaptured(argv: string[], env: CliEnv): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const all: string[] = [];
  const io: Io = {
    out: (t) => {
      out.push(t);
      all.push(t);
    },
    err: (t) => {
      err.push(t);
      all.push(t);
    },
    isTTY: false,
  };
  const code = await runCli(argv, io, env);
  return { code, stdout: out.join("\n"), stderr: err.join("\n"), output: all.join("\n") };
}
